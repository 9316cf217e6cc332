// Review before publishing (issue 13, finding 4): what the new version
// changes, who will be asked again, every warning the server would store, and
// one Publish button that names the version. Nothing is written until
// Publish; "Edit again" goes back to the editor with the draft as it was.
import { t } from '../i18n';
import type { Choreography, Scene, Step } from '../api/types';
import type { paths } from '../api/schema';
import { Button, FormMessage } from '../shared/ui';
import { Mark } from '../shared/widgets';
import { castName } from '../scenes/data';
import { DiffView, StepList } from '../scenes/Steps';
import { reopenNames, reviewDiff, reviewFlags, type ChoreographyPreview } from './review';

/** The body of a publish (and of its preview). */
export type PublishBody = paths['/api/v1/scenes/{sceneId}/choreography']['post']['requestBody']['content']['application/json'];

export function PublishReview(p: {
  scene: Scene;
  current: Choreography | null;
  version: number;
  preview: ChoreographyPreview;
  steps: Step[];
  busy: boolean;
  message: string | null;
  tone: 'error' | 'info';
  onPublish: () => void;
  onEdit: () => void;
}) {
  const { scene, preview } = p;
  const diff = reviewDiff(preview.diff, p.current?.steps ?? [], p.steps);
  const names = reopenNames(preview.reopens, scene);
  const flags = reviewFlags(preview.flags);
  return (
    <div class="form publish-review" data-testid="publish-review">
      <h2 class="section-title">{t('review.title', { version: p.version })}</h2>
      <FormMessage message={p.message} tone={p.tone} />

      <section class="section" aria-labelledby="review-flags">
        <h3 id="review-flags" class="subsection-title">
          {t('review.warnings')}
        </h3>
        {flags.length ? (
          <ul class="plain-list flag-list" data-testid="review-flags">
            {flags.map((f, i) => (
              <li key={i}>
                <Mark tone="warning">
                  {t('review.flagAt', {
                    n: f.step,
                    text: t(f.code === 'boundary_conflict' ? 'flag.boundaryConflict' : 'flag.exceedsRider', { name: castName(scene, f.userId) }),
                  })}
                </Mark>{' '}
                <span class="muted">{f.detail}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('review.noWarnings')}</p>
        )}
      </section>

      <section class="section" aria-labelledby="review-asked">
        <h3 id="review-asked" class="subsection-title">
          {t('review.asked')}
        </h3>
        <p data-testid="review-reopens">
          {names.length ? t('review.askedAgain', { names: names.join(', ') }) : t('review.nobodyDecided')}
        </p>
        <p class="muted">{t('review.everyone', { version: p.version })}</p>
      </section>

      <section class="section" aria-labelledby="review-changes">
        <h3 id="review-changes" class="subsection-title">
          {p.current ? t('review.changes', { from: p.current.version, to: p.version }) : t('review.steps')}
        </h3>
        {p.current ? <DiffView diff={diff} scene={scene} /> : <StepList steps={p.steps} scene={scene} />}
      </section>

      <div class="form-actions review-actions">
        <Button type="button" busy={p.busy} onClick={p.onPublish}>
          {t('editor.publishRevision', { version: p.version })}
        </Button>
        <Button type="button" variant="secondary" onClick={p.onEdit}>
          {t('review.edit')}
        </Button>
      </div>
    </div>
  );
}
