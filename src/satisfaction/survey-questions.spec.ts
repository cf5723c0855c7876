import { describe, expect, it } from '@jest/globals';
import { isLow, readAnswer } from './survey-questions.js';

describe(readAnswer.name, () => {
  it.each([
    ['handling', '4', { kind: 'answer', answer: { question: 'handling', score: 4 } }],
    ['handling', ' 5. ', { kind: 'answer', answer: { question: 'handling', score: 5 } }],
    ['handling', '6', { kind: 'misfit' }],
    ['handling', '0', { kind: 'misfit' }],
    ['handling', 'I would give it 4 out of 5', { kind: 'misfit' }],
    ['handling', '1 more thing', { kind: 'misfit' }],
    ['handling', '45', { kind: 'misfit' }],
    ['effort', '7', { kind: 'answer', answer: { question: 'effort', score: 7 } }],
    ['outcome', 'Skip', { kind: 'skip' }],
    ['outcome', 'saltar', { kind: 'skip' }],
    ['datesKept', 'No', { kind: 'answer', answer: { question: 'datesKept', value: 'no' } }],
    ['datesKept', 'sí', { kind: 'answer', answer: { question: 'datesKept', value: 'yes' } }],
    ['datesKept', 'Not sure', { kind: 'answer', answer: { question: 'datesKept', value: 'not_sure' } }],
    ['datesKept', '3', { kind: 'answer', answer: { question: 'datesKept', value: 'not_sure' } }],
    ['datesKept', 'no idea really', { kind: 'misfit' }],
    ['comment', '  The driver was rude.  ', { kind: 'answer', answer: { question: 'comment', text: 'The driver was rude.' } }],
    ['comment', 'skip', { kind: 'skip' }],
  ] as const)('%s: %j', (question, reply, expected) => {
    expect(readAnswer(question, reply)).toEqual(expected);
  });
});

describe(isLow.name, () => {
  const none = { handling: null, outcomeScore: null, effort: null, datesKept: null, sentiment: null };
  it.each([
    [{ ...none, handling: 2 }, true],
    [{ ...none, outcomeScore: 1 }, true],
    [{ ...none, datesKept: 'no' as const }, true],
    [{ ...none, sentiment: 'negative' }, true],
    [{ ...none, handling: 3, outcomeScore: 5, effort: 1, datesKept: 'not_sure' as const, sentiment: 'not_analysed' }, false],
    [none, false],
  ])('%j → %s', (scores, low) => {
    expect(isLow(scores)).toBe(low);
  });
});
