import { describe, expect, it } from 'vitest';
import { coverageDays, mainAction, warningCount } from './sceneState';

describe('mainAction', () => {
  it.each([
    [{ currentVersion: null, status: 'planned', readiness: 'at_risk', reasons: ['no_choreography'] }, 'writeFirst'],
    [{ currentVersion: null, status: 'shot', readiness: 'debrief_due', reasons: ['debrief_due'] }, 'writeFirst'],
    [{ currentVersion: 2, status: 'shot', readiness: 'debrief_due', reasons: ['debrief_due'] }, 'scheduleDebrief'],
    [{ currentVersion: 2, status: 'wrapped', readiness: 'blocked', reasons: ['consent_withdrawn', 'debrief_due'] }, 'scheduleDebrief'],
    [{ currentVersion: 2, status: 'shot', readiness: 'ready', reasons: [] }, 'writeRevision'],
    [{ currentVersion: 2, status: 'planned', readiness: 'ready', reasons: [] }, 'writeRevision'],
    [{ currentVersion: 2, status: 'planned', readiness: null, reasons: [] }, 'writeRevision'],
  ] as const)('%j → %s', (scene, action) => {
    expect(mainAction({ ...scene, reasons: [...scene.reasons] })).toBe(action);
  });
});

describe('warningCount', () => {
  it('counts flags and boundary conflicts, each once', () => {
    const flags = [{ step: 2, userId: 'a', code: 'boundary_conflict' }, { step: 3, userId: 'b', code: 'exceeds_rider' }];
    const bounds = [{ userId: 'a', displayName: 'A', boundaries: [], conflicts: [{ step: 2, code: 'boundary_conflict', detail: 'd' }, { step: 4, code: 'boundary_conflict', detail: 'd' }] }];
    expect(warningCount(flags, bounds as never)).toBe(3);
    expect(warningCount([], null)).toBe(0);
    expect(warningCount([], bounds as never)).toBe(2);
  });
});

describe('coverageDays', () => {
  it('spans the day before and after in UTC', () => {
    expect(coverageDays('2026-12-09T07:30:00Z')).toEqual({ from: '2026-12-08', to: '2026-12-10' });
    expect(coverageDays('nonsense')).toBeNull();
  });
});
