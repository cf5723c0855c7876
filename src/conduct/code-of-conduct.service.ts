import { Inject, Injectable } from '@nestjs/common';
import type { CodeOfConduct, ConductPromise, RetentionPolicy } from './code-of-conduct.schema.js';
import { computeDeadlines, deadlineAfter, extendDeadlines, latestExpectedDate, promiseFor, type Deadline } from './deadlines.js';
import { missingElements, type MissingElement, type ResponseElement } from './response-requirements.js';

/** Injection token for the validated code of conduct (see `loadCodeOfConduct`). */
export const CODE_OF_CONDUCT = Symbol('CODE_OF_CONDUCT');

/** The organisation's code of conduct and the deadlines its promises set. */
@Injectable()
export class CodeOfConductService {
  constructor(@Inject(CODE_OF_CONDUCT) readonly code: CodeOfConduct) {}

  /** The deadlines of the promises that apply to a complaint in `category`, counted from its receipt. */
  computeDeadlines(receivedAt: Date, category?: string): Deadline[] {
    return computeDeadlines(this.code, receivedAt, category);
  }

  /** The promise of `indicator` that applies to a complaint in `category`, if the code makes one. */
  promiseFor(indicator: ConductPromise['indicator'], category?: string): ConductPromise | undefined {
    return promiseFor(this.code, indicator, category);
  }

  extendDeadlines(deadlines: Deadline[], pausedFrom: Date, resumedAt: Date): Deadline[] {
    return extendDeadlines(this.code, deadlines, pausedFrom, resumedAt);
  }

  /** The latest date a holding response under `promiseId` may promise the final response by, if the code limits it. */
  latestExpectedDate(promiseId: string, receivedAt: Date): Date | undefined {
    return latestExpectedDate(this.code, promiseId, receivedAt);
  }

  /** What a response this command sends lacks of what the code of conduct requires it to say; empty when complete. */
  missingResponseElements(command: { type: string }): MissingElement[] {
    const given = command as Partial<Record<ResponseElement, unknown>>;
    if (command.type === 'propose_response') return missingElements(this.code, 'finalResponse', given);
    if (command.type === 'send_holding_response') return missingElements(this.code, 'holdingResponse', given);
    return [];
  }

  deadlineAfter(promiseId: string, start: Date): Deadline {
    return deadlineAfter(this.code, promiseId, start);
  }

  /** Days after closure or withdrawal within which a customer may reopen; no promise means no reopening. */
  reopenWindowDays(): number {
    return this.code.reopenWindowDays ?? 0;
  }

  /** How long data outside complaints is kept, in days. */
  retention(): RetentionPolicy {
    return this.code.retention;
  }

  /** The zone dates are told to customers in: the first clock's. */
  timeZone(): string {
    return Object.values(this.code.clocks)[0]?.timeZone ?? 'UTC';
  }

  /**
   * The country the organisation is in, for reading a phone number typed without its country code ("07911 123456"):
   * that of its holiday calendar, else the region of its language (en-GB).
   */
  country(): string | undefined {
    const holidays = Object.values(this.code.clocks).find((clock) => clock.holidays)?.holidays?.country;
    if (holidays) return holidays;
    const region = new Intl.Locale(this.code.language).region;
    return region && /^[A-Z]{2}$/.test(region) ? region : undefined;
  }

  categoryIds(): string[] {
    return this.code.categories.map((category) => category.id);
  }

  rootCauseIds(): string[] {
    return this.code.rootCauses.map((cause) => cause.id);
  }
}
