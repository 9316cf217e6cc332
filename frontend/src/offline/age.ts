// How old what this device saved is, for the offline line (issue 13, finding
// 9): "Offline — showing what was saved 12 min ago", never "… saved now".
import { t, tn } from '../i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The age of something saved at `then`, seen at `now` (both in ms): "less than a minute ago", "12 min ago", "3 hours ago", "2 days ago". */
export function savedAge(then: number, now: number): string {
  const age = Math.max(0, now - then);
  if (age < MINUTE) return t('offline.age.justNow');
  if (age < HOUR) return t('offline.age.minutes', { count: Math.floor(age / MINUTE) });
  if (age < DAY) return tn(Math.floor(age / HOUR), { one: 'offline.age.hours.one', other: 'offline.age.hours' });
  return tn(Math.floor(age / DAY), { one: 'offline.age.days.one', other: 'offline.age.days' });
}
