import { describe, expect, it } from '@jest/globals';
import { generateReference } from '../../src/complaints/domain/reference.js';
import { parseComplaintCommand } from './complaint-command.js';

const REF = generateReference((max) => 7 % max);
const TYPO = REF.slice(0, -1) + (REF.endsWith('X') ? 'Y' : 'X');

describe(parseComplaintCommand.name, () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['mine', { kind: 'mine' }],
    [' overdue ', { kind: 'overdue' }],
    [REF, { kind: 'show', reference: REF }],
    [REF.toLowerCase().replace('-', ' '), { kind: 'show', reference: REF }],
    [`reply ${REF} Your refund is on its way.\nThanks`, { kind: 'reply', reference: REF, text: 'Your refund is on its way.\nThanks' }],
    ['stats', { kind: 'stats', period: '' }],
    ['Stats  7d', { kind: 'stats', period: '7d' }],
    ['stats 2026-10', { kind: 'stats', period: '2026-10' }],
    ['mine please', { kind: 'usage' }],
    ['teleport me', { kind: 'usage' }],
  ])('reads %j', (input, expected) => {
    expect(parseComplaintCommand(input)).toEqual(expected);
  });

  it('says what is wrong with a reply it cannot use', () => {
    expect(parseComplaintCommand(`reply ${REF}`)).toMatchObject({ kind: 'usage', problem: expect.stringContaining('Say which case') });
    expect(parseComplaintCommand(`reply ${TYPO} hi`)).toMatchObject({ kind: 'usage', problem: expect.stringContaining('mistyped') });
    expect(parseComplaintCommand('reply nope hi')).toMatchObject({ kind: 'usage', problem: expect.stringContaining('not a reference') });
  });
});
