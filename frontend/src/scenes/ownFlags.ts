// A performer's own flags (rule 6): the server sends a performer only the
// flags about themself, computed against their current boundaries and rider,
// each with a plain-words detail. They are shown on the scene, in the diff and
// in the confirm dialog, before the performer decides. Filtered again here by
// the person's id, so nobody else's flag can ever be shown to them.
import { t } from '../i18n';
import type { ChoreographyFlag } from '../api/types';

/** The flags about this person, in step order (boundaries before riders on the same step). */
export function ownFlags(flags: readonly ChoreographyFlag[] | null | undefined, meId: string): ChoreographyFlag[] {
  const rank = (f: ChoreographyFlag) => (f.code === 'boundary_conflict' ? 0 : 1);
  return (flags ?? []).filter((f) => f.userId === meId).sort((a, b) => a.step - b.step || rank(a) - rank(b));
}

/** The short label beside a step: "Touches a boundary you set" or "Beyond your signed rider". */
export function ownFlagLabel(flag: Pick<ChoreographyFlag, 'code'>): string {
  return flag.code === 'boundary_conflict' ? t('ownFlag.boundaryShort') : t('ownFlag.riderShort');
}

/** The whole sentence: "Step 3 touches a boundary you set: no contact, back". */
export function ownFlagSentence(flag: Pick<ChoreographyFlag, 'code' | 'step' | 'detail'>): string {
  const detail = flag.detail?.trim();
  if (flag.code === 'boundary_conflict') return detail ? t('ownFlag.boundary', { n: flag.step, detail }) : t('ownFlag.boundaryPlain', { n: flag.step });
  return detail ? t('ownFlag.rider', { n: flag.step, detail }) : t('ownFlag.riderPlain', { n: flag.step });
}
