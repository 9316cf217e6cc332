import { describe, expect, it } from 'vitest';
import { answerOfClick, checkinIdOf } from './actions';

describe('check-in notification buttons', () => {
  it('finds the check-in in the notification url', () => {
    expect(checkinIdOf('/productions/p1/checkins/c%201')).toBe('c 1');
    expect(checkinIdOf('/productions/p1/checkins/c1?notification=n1')).toBe('c1');
    expect(checkinIdOf('/productions/p1/checkins')).toBeNull();
    expect(checkinIdOf('/productions/p1/scenes/s1')).toBeNull();
    expect(checkinIdOf('/productions/p1/checkins/%E0')).toBeNull();
  });

  it('answers only OK or Stop, only on a check-in request', () => {
    const url = '/productions/p1/checkins/c1';
    expect(answerOfClick('checkin.requested', url, 'stop')).toEqual({ checkinId: 'c1', answer: 'stop' });
    expect(answerOfClick('checkin.requested', url, 'ok')).toEqual({ checkinId: 'c1', answer: 'ok' });
    expect(answerOfClick('checkin.requested', url, '')).toBeNull(); // a tap on the notification opens it
    expect(answerOfClick('checkin.requested', url, 'pause')).toBeNull();
    expect(answerOfClick('checkin.alert', url, 'stop')).toBeNull();
    expect(answerOfClick(undefined, url, 'stop')).toBeNull();
  });
});
