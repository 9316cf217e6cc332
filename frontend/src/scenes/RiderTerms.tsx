// A rider's terms and where its signature stands: due date, signed or not,
// and "late" shown honestly.
import { t, formatDateTime } from '../i18n';
import type { Rider } from '../api/types';
import { Mark } from '../shared/widgets';
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
      <div>
        <dt>{t('rider.version')}</dt>
        <dd>{rider.version}</dd>
      </div>
      <div>
        <dt>{t('vocab.rider.nudity')}</dt>
        <dd>{nudityLabel(rider.nudity)}</dd>
      </div>
      <div class="details-block">
        <dt>{t('rider.visibleAreas')}</dt>
        <dd>{rider.visibleAreas.length ? rider.visibleAreas.map(areaLabel).join(', ') : t('step.none')}</dd>
      </div>
      <div class="details-block">
        <dt>{t('rider.acts')}</dt>
        <dd>{rider.acts.length ? rider.acts.map(tagLabel).join(', ') : t('step.none')}</dd>
      </div>
      <div>
        <dt>{t('rider.stills')}</dt>
        <dd>{yes(rider.stillsAllowed)}</dd>
      </div>
      <div>
        <dt>{t('rider.double')}</dt>
        <dd>{yes(rider.doubleAllowed)}</dd>
      </div>
      <div class="details-block">
        <dt>{t('rider.footage')}</dt>
        <dd>{rider.footageLimits || t('step.none')}</dd>
      </div>
    </dl>
  );
}
