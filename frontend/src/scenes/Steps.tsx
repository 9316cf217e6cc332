// Choreography steps in plain professional language, and what changed
// between two versions (added / removed / changed, each with a word and an
// icon, not colour alone).
import { t, tn } from '../i18n';
import type { ChoreographyFlag, Scene, Step } from '../api/types';
import { castName } from './data';
import type { StepDiff, StepField } from './diff';
import { areaLabel, durationLabel, nudityLabel } from './labels';
import { Mark } from '../shared/widgets';
import { ownFlagLabel } from './ownFlags';

/** Flags beside a step: a coordinator's name each one's performer; a performer's own (`self`) say "you". */
function StepFlags(p: { flags: readonly ChoreographyFlag[]; scene: Pick<Scene, 'cast'>; self?: boolean }) {
  if (!p.flags.length) return null;
  return (
    <ul class="plain-list flag-list" data-testid={p.self ? 'own-flag' : undefined}>
      {p.flags.map((f, k) => (
        <li key={k}>
          <Mark tone="warning">
            {p.self ? ownFlagLabel(f) : t(f.code === 'boundary_conflict' ? 'flag.boundaryConflict' : 'flag.exceedsRider', { name: castName(p.scene, f.userId) })}
          </Mark>{' '}
          <span class="muted">{f.detail}</span>
        </li>
      ))}
    </ul>
  );
}

/** Who is named how: a coordinator sees full names; a performer (`me`) sees "You" and one name for the others. */
type Names = { cast: Scene['cast']; me?: string };

/** One person's name in a step: "You" for the reader, else the character name or first name (performers), else the full name. */
function nameOf(n: Names, userId: string): string {
  if (n.me === undefined) return castName(n, userId);
  if (userId === n.me) return t('step.you');
  const c = n.cast.find((x) => x.userId === userId);
  return c?.characterName?.trim() || c?.displayName.trim().split(/\s+/)[0] || castName(n, userId);
}

function who(step: Step, n: Names): string {
  if (step.performers.length === 0) return t('step.nobody');
  return step.performers
    .map((p) => {
      if (n.me !== undefined) return nameOf(n, p.userId);
      const c = n.cast.find((x) => x.userId === p.userId);
      return c?.characterName ? t('step.performerAs', { name: c.displayName, character: c.characterName }) : castName(n, p.userId);
    })
    .join(', ');
}

function nudity(step: Step, n: Names): string {
  if (step.performers.length === 0) return t('step.none');
  return step.performers.map((p) => t('step.nudityOf', { name: nameOf(n, p.userId), level: nudityLabel(p.nudity) })).join(' · ');
}

function contacts(step: Step, n: Names): string[] {
  return step.contacts.map((c) => t('step.contact', { from: nameOf(n, c.fromUserId), to: nameOf(n, c.toUserId), area: areaLabel(c.area) }));
}

/** A fact with the reader's "You" highlighted by weight and a mark, not by colour alone. */
function WithYou(p: { text: string; me?: string }) {
  if (p.me === undefined) return <>{p.text}</>;
  const you = t('step.you');
  const parts = p.text.split(new RegExp(`\\b(${you})\\b`));
  return (
    <>
      {parts.map((x, i) =>
        x === you ? (
          <strong key={i} class="you" data-testid="you">
            {x}
          </strong>
        ) : (
          x
        ),
      )}
    </>
  );
}

/** The text of one field of a step (for "before → after"). */
function fieldText(step: Step, field: StepField, scene: Names): string {
  switch (field) {
    case 'title':
      return step.title;
    case 'description':
      return step.description || t('step.none');
    case 'durationSec':
      return durationLabel(step.durationSec) ?? t('step.none');
    case 'performers':
      return `${who(step, scene)}. ${nudity(step, scene)}`;
    case 'contacts': {
      const list = contacts(step, scene);
      return list.length ? list.join('; ') : t('step.noContact');
    }
    case 'barrier':
      return step.barrier?.trim() || t('step.noBarrier');
  }
}

const FIELD_LABELS: Record<StepField, () => string> = {
  title: () => t('step.fieldTitle'),
  description: () => t('step.fieldDescription'),
  durationSec: () => t('step.duration'),
  performers: () => t('vocab.step.whoAndNudity'),
  contacts: () => t('step.contacts'),
  barrier: () => t('step.barrier'),
};

/** One step's facts. */
function StepFacts(p: { step: Step; scene: Pick<Scene, 'cast'>; me?: string }) {
  const n: Names = { cast: p.scene.cast, me: p.me };
  const list = contacts(p.step, n);
  const duration = durationLabel(p.step.durationSec);
  return (
    <dl class="step-facts">
      <div>
        <dt>{t('step.who')}</dt>
        <dd>
          <WithYou text={who(p.step, n)} me={p.me} />
        </dd>
      </div>
      <div>
        <dt>{t('vocab.step.nudity')}</dt>
        <dd>
          <WithYou text={nudity(p.step, n)} me={p.me} />
        </dd>
      </div>
      <div>
        <dt>{t('step.contacts')}</dt>
        <dd>
          {list.length ? (
            <ul class="plain-list">
              {list.map((c, i) => (
                <li key={i}>
                  <WithYou text={c} me={p.me} />
                </li>
              ))}
            </ul>
          ) : (
            t('step.noContact')
          )}
        </dd>
      </div>
      <div>
        <dt>{t('step.barrier')}</dt>
        <dd>{p.step.barrier?.trim() || t('step.noBarrier')}</dd>
      </div>
      {duration ? (
        <div>
          <dt>{t('step.duration')}</dt>
          <dd>{duration}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/**
 * The steps of a version as a numbered list; flags beside their steps
 * (coordinators: everyone's; a performer: their own, with `self`).
 */
export function StepList(p: { steps: readonly Step[]; scene: Pick<Scene, 'cast'>; flags?: readonly ChoreographyFlag[]; self?: boolean; me?: string }) {
  return (
    <ol class="steps" aria-label={t('step.listLabel')}>
      {p.steps.map((s, i) => {
        const flags = (p.flags ?? []).filter((f) => f.step === i + 1);
        return (
          <li key={i} class="step" data-testid="step">
            <h3 class="step-title">
              <span class="step-num">{t('step.number', { n: i + 1 })}</span> {s.title}
            </h3>
            {s.description ? <p class="step-desc">{s.description}</p> : null}
            <StepFacts step={s} scene={p.scene} me={p.me} />
            <StepFlags flags={flags} scene={p.scene} self={p.self} />
          </li>
        );
      })}
    </ol>
  );
}

/** What changed between the version someone decided on and the current one (with a performer's own flags on the new steps). */
export function DiffView(p: { diff: readonly StepDiff[]; scene: Pick<Scene, 'cast'>; ownFlags?: readonly ChoreographyFlag[]; me?: string }) {
  const names: Names = { cast: p.scene.cast, me: p.me };
  const flagsAt = (index: number) => (p.ownFlags ?? []).filter((f) => f.step === index + 1);
  const changes = p.diff.filter((d) => d.kind !== 'same');
  const same = p.diff.length - changes.length;
  return (
    <div class="diff">
      <ul class="diff-list">
        {changes.map((d, i) => {
          if (d.kind === 'removed') {
            return (
              <li key={i} class="diff-item diff-removed" data-testid="diff-removed">
                <Mark tone="removed">{t('diff.removed')}</Mark>
                <p class="diff-step">{t('diff.wasStep', { n: d.oldIndex + 1, title: d.step.title })}</p>
              </li>
            );
          }
          if (d.kind === 'added') {
            return (
              <li key={i} class="diff-item diff-added" data-testid="diff-added">
                <Mark tone="added">{t('diff.added')}</Mark>
                <h3 class="step-title">
                  <span class="step-num">{t('step.number', { n: d.newIndex + 1 })}</span> {d.step.title}
                </h3>
                {d.step.description ? <p class="step-desc">{d.step.description}</p> : null}
                <StepFacts step={d.step} scene={p.scene} me={p.me} />
                <StepFlags flags={flagsAt(d.newIndex)} scene={p.scene} self />
              </li>
            );
          }
          if (d.kind !== 'changed') return null;
          return (
            <li key={i} class="diff-item diff-changed" data-testid="diff-changed">
              <Mark tone="changed">{t('diff.changed')}</Mark>
              <h3 class="step-title">
                <span class="step-num">{t('step.number', { n: d.newIndex + 1 })}</span> {d.step.title}
              </h3>
              <dl class="diff-fields">
                {d.fields.map((f) => (
                  <div key={f}>
                    <dt>{FIELD_LABELS[f]()}</dt>
                    <dd>
                      <span class="diff-before">
                        <span class="diff-label">{t('diff.before')}</span> {fieldText(d.before, f, names)}
                      </span>
                      <span class="diff-after">
                        <span class="diff-label">{t('diff.now')}</span> {fieldText(d.step, f, names)}
                      </span>
                    </dd>
                  </div>
                ))}
              </dl>
              <StepFlags flags={flagsAt(d.newIndex)} scene={p.scene} self />
            </li>
          );
        })}
      </ul>
      {same > 0 ? <p class="muted">{tn(same, { one: 'diff.unchanged.one', other: 'diff.unchanged' })}</p> : null}
    </div>
  );
}
