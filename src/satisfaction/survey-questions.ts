/** The wording of the questions; answers to another wording are analysed apart. */
export const SURVEY_VERSION = '2026-12';

export type ScaleQuestion = 'handling' | 'outcome' | 'effort';
export type QuestionId = ScaleQuestion | 'datesKept' | 'comment';
export type DatesKept = 'yes' | 'no' | 'not_sure';

export type SurveyAnswer =
  | { question: ScaleQuestion; score: number }
  | { question: 'datesKept'; value: DatesKept }
  | { question: 'comment'; text: string };

/** What a reply to one question was: an answer, "skip", or something that does not fit. */
export type ReadAnswer = { kind: 'answer'; answer: SurveyAnswer } | { kind: 'skip' } | { kind: 'misfit' };

export const SCALES: Record<ScaleQuestion, number> = { handling: 5, outcome: 5, effort: 7 };

/** Every question, in the order asked. */
export const QUESTIONS: readonly QuestionId[] = ['handling', 'outcome', 'effort', 'datesKept', 'comment'];
/** Where each message costs the customer and numbered answers are all there is (SMS): the three that matter most. */
export const SHORT_QUESTIONS: readonly QuestionId[] = ['handling', 'outcome', 'datesKept'];

/** The longest "anything else" kept. */
export const COMMENT_MAX = 1000;

const SKIP = new Set(['skip', 'saltar', 'omitir', 'pass', 'paso']);
const DATES: Record<string, DatesKept> = {
  yes: 'yes',
  y: 'yes',
  'sí': 'yes',
  si: 'yes',
  no: 'no',
  n: 'no',
  'not sure': 'not_sure',
  'no sé': 'not_sure',
  'no se': 'not_sure',
  'no estoy seguro': 'not_sure',
  'no estoy segura': 'not_sure',
  "don't know": 'not_sure',
  'dont know': 'not_sure',
};
/** The numbered answers to "Did we keep the dates we promised?". */
const DATES_BY_NUMBER: Record<string, DatesKept> = { '1': 'yes', '2': 'no', '3': 'not_sure' };

/** The whole reply, lower-cased, without surrounding spaces and a closing full stop or exclamation mark. */
function plain(reply: string): string {
  return reply
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/u, '')
    .trim();
}

/**
 * Reads a reply strictly: a number counts only when it is the whole reply, so "I'd give it 4 out of 5" or "1 more
 * thing" is not a score. "Skip" works at every question.
 */
export function readAnswer(question: QuestionId, reply: string): ReadAnswer {
  const text = plain(reply);
  if (SKIP.has(text)) return { kind: 'skip' };
  switch (question) {
    case 'handling':
    case 'outcome':
    case 'effort': {
      if (!/^\d$/u.test(text)) return { kind: 'misfit' };
      const score = Number(text);
      return score >= 1 && score <= SCALES[question] ? { kind: 'answer', answer: { question, score } } : { kind: 'misfit' };
    }
    case 'datesKept': {
      const value = DATES[text] ?? DATES_BY_NUMBER[text];
      return value ? { kind: 'answer', answer: { question, value } } : { kind: 'misfit' };
    }
    case 'comment': {
      const comment = reply.trim();
      if (comment === '' || comment.length > COMMENT_MAX) return { kind: 'misfit' };
      return { kind: 'answer', answer: { question, text: comment } };
    }
  }
}

/** The whole reply to "may we ask you how we did?": yes, no, or neither. */
export function readConsent(reply: string): 'yes' | 'no' | 'misfit' {
  const value = DATES[plain(reply)];
  return value === 'yes' || value === 'no' ? value : 'misfit';
}

export interface Scores {
  handling: number | null;
  outcomeScore: number | null;
  effort: number | null;
  datesKept: DatesKept | null;
  sentiment: string | null;
}

/** Staff are alerted to a 1 or 2, a "no" to the promised dates, or a clearly negative comment. */
export function isLow(scores: Scores): boolean {
  const lowScore = [scores.handling, scores.outcomeScore].some((score) => score !== null && score <= 2);
  return lowScore || scores.datesKept === 'no' || scores.sentiment === 'negative';
}
