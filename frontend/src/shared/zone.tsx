// The production's time zone, named once per screen (issue 13): times on the
// screen are compact ("Tue 9 Dec, 07:30", formatWhen) and this line says
// which zone they are in.
import { t } from '../i18n';
import { zoneLabel } from './time';

/** "Times in Europe/London (GMT)"; an empty line of the same height while the zone is not known. */
export function ZoneNote(p: { zone: string | null | undefined }) {
  return (
    <p class="muted zone-note" data-testid="zone-note">
      {p.zone ? t('scenes.zoneNote', { zone: zoneLabel(p.zone) }) : '\u00a0'}
    </p>
  );
}
