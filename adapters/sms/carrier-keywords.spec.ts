import { describe, expect, it } from '@jest/globals';
import { carrierKeyword } from './carrier-keywords.js';

describe(carrierKeyword.name, () => {
  it.each([
    ['STOP', 'opt_out'],
    ['stop', 'opt_out'],
    [' Stop. ', 'opt_out'],
    ['STOPALL', 'opt_out'],
    ['unsubscribe', 'opt_out'],
    ['Cancel', 'opt_out'],
    ['END', 'opt_out'],
    ['quit!', 'opt_out'],
    ['START', 'opt_in'],
    ['unstop', 'opt_in'],
    ['HELP', 'help'],
    ['help?', 'help'],
    ['Info', 'help'],
  ])('reads %j as %s', (body, keyword) => {
    expect(carrierKeyword(body)).toBe(keyword);
  });

  it.each(['please stop', 'stop sending me bills', 'cancel my order', 'I need help', 'started', 'S T O P', '', '2'])(
    'leaves %j to the dialog',
    (body) => {
      expect(carrierKeyword(body)).toBeUndefined();
    },
  );
});
