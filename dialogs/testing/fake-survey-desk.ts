import type { ConsentAskedAt, SurveyDesk, WaitingSurvey } from '../../src/satisfaction/survey-desk.js';
import type { SurveyAnswer } from '../../src/satisfaction/survey-questions.js';

/** Surveys in memory: the tests say which conversation one waits in, and read what was answered and finished. */
export class FakeSurveyDesk implements SurveyDesk {
  readonly consents: { reference: string; consent: boolean; askedAt: ConsentAskedAt }[] = [];
  readonly answers: { surveyId: string; answer: SurveyAnswer }[] = [];
  readonly finished: string[] = [];
  /** Answers to a survey that asked for consent at closure. */
  readonly closureConsents: { surveyId: string; consent: boolean }[] = [];
  private readonly waiting = new Map<string, WaitingSurvey>();
  private readonly followed = new Set<string>();

  constructor(private readonly on = true) {}

  offered(): boolean {
    return this.on;
  }

  /** A survey was sent to `conversation` (`webchat:conversation-1`, `sms:+447911123456`). */
  send(conversation: string, reference: string, askingConsent = false): WaitingSurvey {
    const survey = { id: `survey-${reference}`, reference, sentAt: '2026-03-26T10:00:00.000Z', askingConsent };
    this.waiting.set(conversation, survey);
    return survey;
  }

  async recordConsent(reference: string, consent: boolean, askedAt: ConsentAskedAt): Promise<void> {
    this.consents.push({ reference, consent, askedAt });
  }

  async waitingFor(conversation: string): Promise<WaitingSurvey | null> {
    const survey = this.waiting.get(conversation);
    return survey && !this.finished.includes(survey.id) ? survey : null;
  }

  /** Moves a survey of `reference` that waits in another conversation to this one, once. */
  async followCustomer(reference: string, conversation: string): Promise<boolean> {
    const moved = this.followed.has(reference) ? undefined : [...this.waiting].find(([at, survey]) => survey.reference === reference && at !== conversation);
    if (!moved || this.finished.includes(moved[1].id)) return false;
    this.followed.add(reference);
    this.waiting.delete(moved[0]);
    this.waiting.set(conversation, moved[1]);
    return true;
  }

  async consent(surveyId: string, consent: boolean): Promise<void> {
    this.closureConsents.push({ surveyId, consent });
    for (const [conversation, survey] of this.waiting) {
      if (survey.id !== surveyId) continue;
      if (consent) this.waiting.set(conversation, { ...survey, askingConsent: false });
      else this.finished.push(surveyId);
    }
  }

  async answer(surveyId: string, answer: SurveyAnswer): Promise<void> {
    this.answers.push({ surveyId, answer });
  }

  async finish(surveyId: string): Promise<void> {
    if (!this.finished.includes(surveyId)) this.finished.push(surveyId);
  }
}
