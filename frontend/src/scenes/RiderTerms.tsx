// A rider's terms and where its signature stands: due date, signed or not,
// and "late" shown honestly.
import { t, formatDateTime } from '../i18n';
import type { Rider } from '../api/types';
import { Mark } from '../shared/widgets';
import { Detail } from '../shared/details';
import { areaLabel, nudityLabel, tagLabel } from './labels';

/** Whether the rider is past its due time and still unsigned. */
export function overdue(rider: Pick<Rider, 'signedAt' | 'dueAt'>, now: number): boolean {
  return !rider.signedAt && Date.parse(rider.dueAt) < now;
}

/** The rider's signature state as a line of text with a mark. */
export function RiderStatus(p: { rider: Rider; timeZone?: string }) {
  const { rider } = p;
  if (rider.signedAt) {
    return (
      <p class="rider-status">
        <Mark tone="added">{t('rider.signed')}</Mark>{' '}
        {t('rider.signedBy', { name: rider.signedName ?? '', when: formatDateTime(rider.signedAt, p.timeZone) })}
        {rider.late ? (
          <>
            {' '}
            <Mark tone="warning">{t('rider.late')}</Mark>
          </>
        ) : null}
      </p>
    );
  }
  return (
    <p class="rider-status">
      <Mark tone="changed">{t('rider.unsigned')}</Mark> {t('rider.dueOn', { when: formatDateTime(rider.dueAt, p.timeZone) })}
      {overdue(rider, Date.now()) ? (
        <>
          {' '}
          <Mark tone="warning">{t('rider.pastDue')}</Mark>
        </>
      ) : null}
    </p>
  );
}

/** The terms of a rider version. */
export function RiderTerms(p: { rider: Rider }) {
  const { rider } = p;
  const yes = (v: boolean) => (v ? t('common.yes') : t('common.no'));
  return (
    <dl class="details terms">
      <Detail label={t('rider.version')}>{rider.version}</Detail>
      <Detail label={t('vocab.rider.nudity')}>{nudityLabel(rider.nudity)}</Detail>
      <Detail label={t('rider.visibleAreas')} block>{rider.visibleAreas.length ? rider.visibleAreas.map(areaLabel).join(', ') : t('step.none')}</Detail>
      <Detail label={t('rider.acts')} block>{rider.acts.length ? rider.acts.map(tagLabel).join(', ') : t('step.none')}</Detail>
      <Detail label={t('rider.stills')}>{yes(rider.stillsAllowed)}</Detail>
      <Detail label={t('rider.double')}>{yes(rider.doubleAllowed)}</Detail>
      <Detail label={t('rider.footage')} block>{rider.footageLimits || t('step.none')}</Detail>
    </dl>
  );
}
