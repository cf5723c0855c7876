import { describe, expect, it } from '@jest/globals';
import { COMMENT_MAX } from '../survey-questions.js';
import { readSurveyForm } from './survey-form.js';

describe(readSurveyForm.name, () => {
  it('reads every answer the page offers', () => {
    expect(readSurveyForm({ handling: '4', outcome: '2', effort: '7', datesKept: 'not_sure', comment: '  Quick and kind.  ' })).toEqual({
      kind: 'answers',
      answers: [
        { question: 'handling', score: 4 },
        { question: 'outcome', score: 2 },
        { question: 'effort', score: 7 },
        { question: 'datesKept', value: 'not_sure' },
        { question: 'comment', text: 'Quick and kind.' },
      ],
    });
  });

  it('takes blank questions as skipped, and a form with none answered as no answers', () => {
    expect(readSurveyForm({ handling: '', outcome: '3', comment: '   ' })).toEqual({ kind: 'answers', answers: [{ question: 'outcome', score: 3 }] });
    expect(readSurveyForm({})).toEqual({ kind: 'answers', answers: [] });
    expect(readSurveyForm(undefined)).toEqual({ kind: 'answers', answers: [] });
  });

  it('refuses a score outside its scale, keeping everything typed', () => {
    expect(readSurveyForm({ handling: '6', outcome: '0', effort: '7', comment: 'Keep this.' })).toEqual({
      kind: 'invalid',
      values: { handling: '6', outcome: '0', effort: '7', datesKept: '', comment: 'Keep this.' },
      errors: [
        { field: 'handling', problem: 'out_of_range' },
        { field: 'outcome', problem: 'out_of_range' },
      ],
    });
    expect(readSurveyForm({ effort: '8' })).toMatchObject({ kind: 'invalid', errors: [{ field: 'effort', problem: 'out_of_range' }] });
    expect(readSurveyForm({ handling: '4.5' })).toMatchObject({ kind: 'invalid', errors: [{ field: 'handling', problem: 'out_of_range' }] });
  });

  it('refuses an answer about the dates that is not one of the three, and a field sent twice', () => {
    expect(readSurveyForm({ datesKept: 'maybe' })).toMatchObject({ kind: 'invalid', errors: [{ field: 'datesKept', problem: 'not_a_choice' }] });
    expect(readSurveyForm({ handling: ['1', '5'] })).toMatchObject({ kind: 'invalid', errors: [{ field: 'handling', problem: 'not_a_choice' }] });
  });

  it('refuses a comment over the limit, counting characters rather than UTF-16 units, and cleans what it keeps', () => {
    const long = 'x'.repeat(COMMENT_MAX + 1);
    expect(readSurveyForm({ comment: long })).toEqual({
      kind: 'invalid',
      values: { handling: '', outcome: '', effort: '', datesKept: '', comment: long },
      errors: [{ field: 'comment', problem: 'too_long' }],
    });
    expect(readSurveyForm({ comment: '😀'.repeat(COMMENT_MAX) })).toMatchObject({ kind: 'answers' });
    expect(readSurveyForm({ comment: 'Bad\u0007 service\r\nreally' })).toEqual({ kind: 'answers', answers: [{ question: 'comment', text: 'Bad service\nreally' }] });
  });
});
