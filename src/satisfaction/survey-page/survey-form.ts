import { cleanText } from '../../common/text/clean-text.js';
import { COMMENT_MAX, SCALES, type DatesKept, type ScaleQuestion, type SurveyAnswer } from '../survey-questions.js';

/** The page's fields, named as the questions are, in the order asked. */
export const FORM_FIELDS = ['handling', 'outcome', 'effort', 'datesKept', 'comment'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** What the customer sent, as text, to show back to them when something in it does not fit. */
export type FormValues = Record<FormField, string>;

export type FormProblem = 'out_of_range' | 'not_a_choice' | 'too_long';
export interface FormError {
  field: FormField;
  problem: FormProblem;
}

export type ReadForm = { kind: 'answers'; answers: SurveyAnswer[] } | { kind: 'invalid'; values: FormValues; errors: FormError[] };

const DATES: readonly DatesKept[] = ['yes', 'no', 'not_sure'];
const SCALE_FIELDS: readonly ScaleQuestion[] = ['handling', 'outcome', 'effort'];

export const EMPTY_FORM: FormValues = { handling: '', outcome: '', effort: '', datesKept: '', comment: '' };

/**
 * Reads the survey page's form. Every question may be left blank (that is "skip"); what is given must be one of the
 * choices the page offers, and the comment at most COMMENT_MAX characters, or nothing is kept and the form comes back
 * with what was typed and what is wrong. A field sent twice is no choice the page offers.
 */
export function readSurveyForm(body: unknown): ReadForm {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const values = { ...EMPTY_FORM };
  const errors: FormError[] = [];
  for (const field of FORM_FIELDS) {
    const raw = fields[field];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') {
      errors.push({ field, problem: field === 'comment' ? 'too_long' : 'not_a_choice' });
      continue;
    }
    values[field] = field === 'comment' ? cleanText(raw) : raw.trim();
  }
  const answers: SurveyAnswer[] = [];
  for (const question of SCALE_FIELDS) {
    const value = values[question];
    if (value === '' || errors.some((error) => error.field === question)) continue;
    const score = /^\d{1,2}$/u.test(value) ? Number(value) : NaN;
    if (score >= 1 && score <= SCALES[question]) answers.push({ question, score });
    else errors.push({ field: question, problem: 'out_of_range' });
  }
  if (values.datesKept !== '' && !errors.some((error) => error.field === 'datesKept')) {
    const value = DATES.find((choice) => choice === values.datesKept);
    if (value) answers.push({ question: 'datesKept', value });
    else errors.push({ field: 'datesKept', problem: 'not_a_choice' });
  }
  const comment = values.comment.trim();
  if (comment !== '' && !errors.some((error) => error.field === 'comment')) {
    if ([...comment].length > COMMENT_MAX) errors.push({ field: 'comment', problem: 'too_long' });
    else answers.push({ question: 'comment', text: comment });
  }
  if (errors.length > 0) {
    const order = (error: FormError) => FORM_FIELDS.indexOf(error.field);
    return { kind: 'invalid', values, errors: errors.sort((a, b) => order(a) - order(b)) };
  }
  return { kind: 'answers', answers };
}
