import type { SurveyAnswer } from './survey-questions.js';

/** Where the customer was asked "may we ask you afterwards how we did?". */
export type ConsentAskedAt = 'intake' | 'closure' | 'survey';

/** A survey sent to this conversation that the customer can still answer. */
export interface WaitingSurvey {
  id: string;
  reference: string;
  /** When it was sent: a dialog that began before then has not seen it. */
  sentAt: string;
  /** The customer was never asked for consent: the message asked that first, and the questions wait for a yes. */
  askingConsent: boolean;
}

/**
 * What the dialogs need of satisfaction surveys (ISO 10004): whether the organisation runs them, a way to record the
 * customer's yes or no, the survey waiting in a conversation, and a way to keep each answer as it comes.
 */
export interface SurveyDesk {
  /** False without a `satisfactionSurvey` section in the code of conduct: nobody is asked then. */
  offered(): boolean;
  recordConsent(reference: string, consent: boolean, askedAt: ConsentAskedAt): Promise<void>;
  /** `conversation` is the requester key: `sms:+447911123456`, `webchat:<conversation id>`. */
  waitingFor(conversation: string): Promise<WaitingSurvey | null>;
  /**
   * The customer showed, in this conversation, that complaint `reference` is theirs (its reference and secret code, say).
   * On a channel that cannot reach a customer away from the conversation (web chat), a survey of it that waits
   * unanswered in another conversation moves here, once, and `waitingFor` this conversation then finds it. True when
   * one moved.
   */
  followCustomer(reference: string, conversation: string, channel: string): Promise<boolean>;
  /** The customer's yes or no to a survey that asked for consent at closure; recorded in the case history. */
  consent(surveyId: string, consent: boolean): Promise<void>;
  /** Kept at once: a survey left halfway keeps what was said. */
  answer(surveyId: string, answer: SurveyAnswer): Promise<void>;
  /** The customer answered the last question, skipped to the end or left: staff see the answers. */
  finish(surveyId: string): Promise<void>;
}

export const SURVEY_DESK = Symbol('SURVEY_DESK');
