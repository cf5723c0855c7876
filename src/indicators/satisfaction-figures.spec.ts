import { describe, expect, it } from '@jest/globals';
import { datesGap, responseFigures, scoreFigures } from './satisfaction-figures.js';

describe('scoreFigures', () => {
  it('gives every score of the scale with its count, and the mean of the answers', () => {
    expect(scoreFigures([{ score: 2, count: 1 }, { score: 5, count: 3 }], 5, 2)).toEqual({
      enoughData: true,
      count: 4,
      scale: 5,
      mean: 4.25,
      distribution: [{ score: 1, count: 0 }, { score: 2, count: 1 }, { score: 3, count: 0 }, { score: 4, count: 0 }, { score: 5, count: 3 }],
    });
  });

  it('withholds the mean below the minimum, and with no answers at all', () => {
    expect(scoreFigures([{ score: 7, count: 2 }], 7, 3)).toMatchObject({ enoughData: false, count: 2, minimum: 3 });
    expect(scoreFigures([], 5, 0)).toMatchObject({ enoughData: false, count: 0 });
  });
});

describe('responseFigures', () => {
  it('is the share of surveys sent that were answered, per channel', () => {
    const [sms, webchat] = responseFigures([{ channel: 'sms', sent: 4, responded: 1 }, { channel: 'webchat', sent: 1, responded: 1 }], 2);
    expect(sms).toMatchObject({ channel: 'sms', responseRate: { enoughData: true, successes: 1, count: 4, value: 0.25 } });
    expect(webchat).toEqual({ channel: 'webchat', responseRate: { enoughData: false, successes: 1, count: 1, minimum: 2 } });
  });
});

describe('datesGap', () => {
  it('is the points between deadlines met and customers saying the dates were kept, leaving "not sure" out', () => {
    const gap = datesGap({ met: 3, missed: 1 }, { yes: 1, no: 1, notSure: 5 }, 2);
    expect(gap.promisesMet).toMatchObject({ value: 0.75, count: 4 });
    expect(gap.customersSayKept).toMatchObject({ value: 0.5, count: 2 });
    expect(gap.notSure).toBe(5);
    expect(gap.gapPoints).toBeCloseTo(25, 10);
  });

  it('has no gap when either side has too little data', () => {
    expect(datesGap({ met: 3, missed: 1 }, { yes: 1, no: 0, notSure: 0 }, 2).gapPoints).toBeNull();
    expect(datesGap({ met: 0, missed: 0 }, { yes: 0, no: 0, notSure: 0 }, 2)).toMatchObject({ gapPoints: null, promisesMet: { enoughData: false, count: 0 } });
  });
});
