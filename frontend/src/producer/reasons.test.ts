import { describe, expect, it } from 'vitest';
import type { CoverageCast, ReasonCode } from '../api/types';
import { en } from '../i18n/en';
import { formatSpan, reasonSentence, reasonSentences, REASON_ORDER, type ReasonScene } from './reasons';

const NOW = Date.parse('2026-12-01T08:00:00Z');
const H = 3600_000;
const ctx = { now: NOW, noticeHours: 48 };

function cast(...states: [CoverageCast['consent'], CoverageCast['rider']][]): CoverageCast[] {
  return states.map(([consent, rider], i) => ({ userId: `u${i}`, displayName: `Person ${i}`, consent, rider }));
}

/** A scene as a producer reads it: consent as counts, none in the cast (rule 10). */
function scene(over: Partial<ReasonScene>): ReasonScene {
  const s = {
    reasons: [],
    cast: cast(['confirmed', 'not_required']),
    currentVersion: 4,
    callTime: new Date(NOW + 72 * H).toISOString(),
    status: 'planned' as const,
    ...over,
  };
  const consentCounts = { confirmed: 0, pending: 0, declined: 0, withdrawn: 0 };
  for (const c of s.cast) if (c.consent) consentCounts[c.consent]++;
  return { ...s, consentCounts, cast: s.cast.map(({ consent: _, ...c }) => c) };
}

const ALL_CODES: ReasonCode[] = [
  'no_coordinator',
  'consent_pending',
  'consent_declined',
  'consent_withdrawn',
  'exceeds_rider',
  'rider_missing',
  'late_rider',
  'closed_set_missing',
  'no_choreography',
  'debrief_due',
  'minor_rule',
];

describe('reason sentences', () => {
  it('counts the performers who have not confirmed the current version', () => {
    const s = scene({ reasons: ['consent_pending'], cast: cast(['pending', 'not_required'], ['pending', 'not_required'], ['confirmed', 'not_required']) });
    expect(reasonSentences(s, ctx)).toEqual(['2 of 3 performers have not confirmed version 4']);
    const one = scene({ reasons: ['consent_pending'], cast: cast(['pending', 'not_required'], ['confirmed', 'not_required']) });
    expect(reasonSentences(one, ctx)).toEqual(['1 of 2 performers has not confirmed version 4']);
    const only = scene({ reasons: ['consent_pending'], cast: cast(['pending', 'not_required']) });
    expect(reasonSentences(only, ctx)).toEqual(['The performer has not confirmed version 4']);
  });

  it('says how long until unsigned riders are due, or how long ago they were', () => {
    // Call in 68 h, notice 48 h: due in 20 h.
    const s = scene({
      reasons: ['rider_missing'],
      callTime: new Date(NOW + 68 * H).toISOString(),
      cast: cast(['confirmed', 'unsigned'], ['confirmed', 'unsigned'], ['confirmed', 'signed']),
    });
    expect(reasonSentences(s, ctx)).toEqual(['2 of 3 riders not signed, due in 20 h']);
    const single = { ...s, cast: cast(['confirmed', 'unsigned']) };
    expect(reasonSentences(single, ctx)).toEqual(['Rider not signed, due in 20 h']);
    const overdue = { ...s, callTime: new Date(NOW + 44 * H).toISOString() };
    expect(reasonSentences(overdue, ctx)).toEqual(['2 of 3 riders not signed, due 4 h ago']);
    const far = { ...s, callTime: new Date(NOW + 150 * H).toISOString() };
    expect(reasonSentences(far, ctx)).toEqual(['2 of 3 riders not signed, due in 4 days']);
    expect(reasonSentences(s, { now: NOW, noticeHours: null })).toEqual(['2 of 3 riders not signed']);
  });

  it('does not count riders that are not required', () => {
    const s = scene({ reasons: ['rider_missing'], callTime: new Date(NOW + 68 * H).toISOString(), cast: cast(['confirmed', 'unsigned'], ['confirmed', 'not_required']) });
    expect(reasonSentences(s, ctx)).toEqual(['Rider not signed, due in 20 h']);
  });

  it('names withdrawals and declines with their counts, and a withdrawal after the shoot as a footage question', () => {
    const w = scene({ reasons: ['consent_withdrawn'], cast: cast(['withdrawn', 'not_required'], ['confirmed', 'not_required']) });
    expect(reasonSentences(w, ctx)).toEqual(['1 performer withdrew']);
    const w2 = scene({ reasons: ['consent_withdrawn'], cast: cast(['withdrawn', 'not_required'], ['withdrawn', 'not_required']) });
    expect(reasonSentences(w2, ctx)).toEqual(['2 performers withdrew']);
    expect(reasonSentences({ ...w, status: 'shot' }, ctx)).toEqual(['1 performer withdrew after the shoot: footage use needs a decision']);
    const d = scene({ reasons: ['consent_declined'], cast: cast(['declined', 'not_required'], ['declined', 'not_required']) });
    expect(reasonSentences(d, ctx)).toEqual(['2 performers declined version 4']);
  });

  it('has a plain sentence for every other code', () => {
    const s = scene({});
    expect(reasonSentence('no_coordinator', s, ctx)).toBe('No coordinator assigned');
    expect(reasonSentence('no_choreography', { ...s, currentVersion: null }, ctx)).toBe('No choreography published');
    expect(reasonSentence('closed_set_missing', s, ctx)).toBe('No closed-set roster');
    expect(reasonSentence('debrief_due', s, ctx)).toBe('Debrief not scheduled');
    expect(reasonSentence('minor_rule', s, ctx)).toBe('A guardian is not named for a minor in the cast');
    expect(reasonSentence('exceeds_rider', s, ctx)).toBe('Version 4 goes beyond a signed rider: a new rider is needed');
    expect(reasonSentence('late_rider', { ...s, cast: cast(['confirmed', 'late']) }, ctx)).toBe('1 rider was signed after its due time');
    expect(reasonSentence('late_rider', { ...s, cast: cast(['confirmed', 'late'], ['confirmed', 'late']) }, ctx)).toBe('2 riders were signed after their due time');
  });

  it('turns every code into a sentence with no placeholder left and no code shown', () => {
    const s = scene({ reasons: ALL_CODES, cast: cast(['pending', 'unsigned'], ['withdrawn', 'late'], ['declined', 'unsigned'], ['confirmed', 'signed']) });
    const out = reasonSentences(s, ctx);
    expect(out).toHaveLength(ALL_CODES.length);
    for (const line of out) {
      expect(line).not.toMatch(/[{}]/);
      expect(line).not.toMatch(/_/);
    }
    expect(new Set(REASON_ORDER)).toEqual(new Set(ALL_CODES));
  });

  it('reads the most serious first, whatever order the server sent, and each code once', () => {
    const s = scene({
      reasons: ['closed_set_missing', 'consent_pending', 'no_coordinator', 'consent_pending'],
      cast: cast(['pending', 'not_required']),
    });
    expect(reasonSentences(s, ctx)).toEqual(['No coordinator assigned', 'The performer has not confirmed version 4', 'No closed-set roster']);
  });

  it('falls back to plain sentences when the row does not carry the counts', () => {
    expect(reasonSentences(scene({ reasons: ['consent_pending'], cast: [] }), ctx)).toEqual(['Not every performer has confirmed the current version']);
    expect(reasonSentences(scene({ reasons: ['consent_declined'], currentVersion: null }), ctx)).toEqual(['A performer declined']);
    expect(reasonSentences(scene({ reasons: ['rider_missing'], cast: [], callTime: new Date(NOW + 68 * H).toISOString() }), ctx)).toEqual([
      'A rider is not signed, due in 20 h',
    ]);
  });

  it('still shows a code it does not know', () => {
    expect(reasonSentences(scene({ reasons: ['brand_new' as ReasonCode] }), ctx)).toEqual(['Needs attention (brand_new)']);
  });

  it('is empty for a ready scene', () => {
    expect(reasonSentences(scene({}), ctx)).toEqual([]);
  });

  it('keeps every reason sentence in the catalogue discreet', () => {
    const words = /nud|naked|sex|genital|breast|buttock|intima|kiss|boundar|note/i;
    const texts = Object.entries(en).filter(([k]) => k.startsWith('reason.'));
    expect(texts.length).toBeGreaterThan(20);
    for (const [k, v] of texts) expect(v, k).not.toMatch(words);
  });
});

describe('spans of time', () => {
  it('uses minutes under an hour, hours under two days, then days (rounded down)', () => {
    expect(formatSpan(10 * 1000)).toBe('1 min');
    expect(formatSpan(45 * 60_000)).toBe('45 min');
    expect(formatSpan(20.9 * H)).toBe('20 h');
    expect(formatSpan(-5 * H)).toBe('5 h');
    expect(formatSpan(47 * H)).toBe('47 h');
    expect(formatSpan(49 * H)).toBe('2 days');
  });
});
