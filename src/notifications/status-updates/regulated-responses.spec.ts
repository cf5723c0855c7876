import { describe, expect, it } from '@jest/globals';
import { TEST_ROUTING } from '../../channels/routing.fixtures.js';
import { aCaseEvent } from '../../complaints/domain/case-events.fixtures.js';
import type { Actor } from '../../complaints/domain/complaint.commands.js';
import { aComplaintIn, aContext, deadline } from '../../complaints/domain/complaint.fixtures.js';
import { decide } from '../../complaints/domain/complaint.machine.js';
import type { Complaint } from '../../complaints/domain/complaint.js';
import { loadProfile } from '../../conduct/code-of-conduct.loader.js';
import type { ProfileName } from '../../conduct/code-of-conduct.schema.js';
import { missingElements } from '../../conduct/response-requirements.js';
import type { NewOutboxMessage } from '../outbox.js';
import { MessageRenderer } from '../rendering/message-renderer.js';
import { STATUS_KEY_PREFIX, statusUpdateTexts } from './status-update-texts.js';
import { statusUpdatesPolicy } from './status-updates.policy.js';
import { summaryResolutionPolicy } from './summary-resolution.policy.js';

const renderer = new MessageRenderer();
renderer.register(STATUS_KEY_PREFIX, statusUpdateTexts({ timeZone: 'Europe/London', locale: 'en-GB', now: () => new Date('2026-03-04T12:00:00Z') }));
const words = (message: NewOutboxMessage | undefined, language = 'en') =>
  message ? renderer.render({ ...message.payload, language }, 'sms').text : '';
const staff: Actor = { kind: 'staff', id: 'U1', role: 'handler' };
const customer: Actor = { kind: 'customer' };

/** What the customer is sent when staff propose a response under a profile. */
function finalResponse(profile: ProfileName, waiveTimeLimits?: boolean): NewOutboxMessage {
  const code = loadProfile(profile);
  const policy = statusUpdatesPolicy({ reopenWindowDays: 30, code }, TEST_ROUTING);
  const proposed = aComplaintIn('response_proposed', {
    proposedResponse: { outcome: 'We will refund the £35 fee.', explanation: 'It was charged in error.', proposedAt: '2026-03-04T12:00:00.000Z', ...(waiveTimeLimits === undefined ? {} : { waiveTimeLimits }) },
  });
  const [message] = policy({ before: aComplaintIn('investigating'), after: proposed, events: [{ ...aCaseEvent('complaint.response_proposed'), actor: staff, at: '2026-03-04T12:00:00.000Z' }] });
  return message;
}

describe('final responses, worded as each regulator requires', () => {
  it('FCA DISP 1.6.2R and DISP 1 Annex 3R(1): the outcome, the right to refer to the Financial Ombudsman Service free of charge within six months, the waiver wording, and its website', () => {
    const text = words(finalResponse('uk-fca', false));
    expect(text).toContain('We will refund the £35 fee.\nIt was charged in error.');
    expect(text).toContain(
      'You have the right to refer your complaint to the Financial Ombudsman Service, free of charge – but you must do so within six months of the date of this message. ' +
        'If you do not refer your complaint in time, the Ombudsman will not have our permission to consider your complaint',
    );
    expect(text).toContain('on its website: https://www.financial-ombudsman.org.uk');
    expect(words(finalResponse('uk-fca', false), 'es')).toContain('en un plazo de seis meses desde la fecha de este mensaje');
  });

  it('FCA DISP 1 Annex 3R: a firm that consents to waive the time limits says so', () => {
    const text = words(finalResponse('uk-fca', true));
    expect(text).toContain('We consent to the Ombudsman considering your complaint even if you refer it more than six months after the date of this message');
    expect(text).not.toContain('will not have our permission');
  });

  it('ASIC RG 271: the right to complain to AFCA, free, its contact details and the time limit', () => {
    expect(words(finalResponse('au-asic'))).toContain(
      'If you are not satisfied with our response, you have the right to complain to the Australian Financial Complaints Authority (AFCA), which is free for you. ' +
        'Time limits apply: you generally have 2 years from this response to do so. Contact AFCA: https://www.afca.org.au, 1800 931 678',
    );
  });

  it('CFPB: what the CFPB really does, never that it decides', () => {
    const text = words(finalResponse('us-cfpb'));
    expect(text).toContain('you can also submit a complaint to the Consumer Financial Protection Bureau at any time: it forwards complaints to the company and publishes how it responds, but it does not decide them.');
  });

  it('the default profile names no ombudsman', () => {
    expect(words(finalResponse('default'))).toBe(
      'About your complaint 7K4M-9P2Q, this is what we propose:\nWe will refund the £35 fee.\nIt was charged in error.\nReply YES if you accept, or NO if you do not.',
    );
  });

  it('a response missing what the code requires cannot be sent, and the refusal names it', () => {
    const fca = loadProfile('uk-fca');
    expect(missingElements(fca, 'finalResponse', { outcome: 'Refund', explanation: 'Error' })).toEqual([
      { field: 'waiveTimeLimits', message: expect.stringContaining('whether we consent to waive') },
    ]);
    expect(missingElements(fca, 'finalResponse', { outcome: 'Refund', explanation: 'Error', waiveTimeLimits: false })).toEqual([]);
    expect(missingElements(fca, 'holdingResponse', { reasons: '  ' }).map((m) => m.field)).toEqual(['reasons', 'expectedBy']);
    expect(missingElements(loadProfile('au-asic'), 'holdingResponse', { expectedBy: '2026-04-01' }).map((m) => m.field)).toEqual(['reasons']);
  });
});

describe('FCA summary resolution (DISP 1.5)', () => {
  const fca = loadProfile('uk-fca');
  const policy = summaryResolutionPolicy(fca, TEST_ROUTING);
  const summaryDue = '2026-03-05T17:00:00.000Z';
  const proposed = aComplaintIn('response_proposed', {
    deadlines: [deadline('time_to_summary_resolution', summaryDue), deadline('time_to_final_response', '2026-04-27T09:00:00.000Z', '2026-03-04T12:00:00.000Z')],
    proposedResponse: { outcome: 'A refund', explanation: 'Our mistake.', proposedAt: '2026-03-04T12:00:00.000Z', waiveTimeLimits: false },
  });
  const act = (complaint: Complaint, type: 'accept_response' | 'reject_response', now: string) => {
    const decision = decide(complaint, { type }, customer, aContext(now));
    if (!decision.ok) throw new Error(decision.code);
    const events = decision.events.map((event) => ({ ...event, actor: customer, at: now }));
    return { before: complaint, after: decision.complaint, events };
  };

  it('DISP 1.5.2AR: a proposal alone does not keep the promise; the customer’s acceptance does', () => {
    const beforeProposal = aComplaintIn('investigating', { deadlines: [deadline('time_to_summary_resolution', summaryDue)] });
    const decision = decide(beforeProposal, { type: 'propose_response', outcome: 'A refund', explanation: 'Our mistake.', waiveTimeLimits: false }, staff, aContext('2026-03-04T12:00:00.000Z'));
    expect(decision.ok && decision.complaint.deadlines[0].settledAt).toBeNull();
    const accepted = act(proposed, 'accept_response', '2026-03-05T10:00:00.000Z');
    expect(accepted.after.deadlines[0].settledAt).toBe('2026-03-05T10:00:00.000Z');
  });

  it('DISP 1.5.4R: acceptance by the close of the third business day brings the summary resolution communication: resolved, the Financial Ombudsman Service if later dissatisfied, the waiver wording, its website', () => {
    const [message] = policy(act(proposed, 'accept_response', '2026-03-05T10:00:00.000Z'));
    expect(message.kind).toBe('summary_resolution');
    const text = words(message);
    expect(text).toContain('you accepted our response to your complaint 7K4M-9P2Q, so we now consider your complaint resolved.');
    expect(text).toContain('If you later become unhappy with how it was resolved, you may be able to refer it to the Financial Ombudsman Service.');
    expect(text).toContain('will not have our permission to consider your complaint');
    expect(text).toContain('https://www.financial-ombudsman.org.uk');
    expect(words(message, 'es')).toContain('consideramos que su queja está resuelta');
  });

  it('a rejection keeps no summary resolution, and an acceptance after the third business day is no summary resolution', () => {
    const rejected = act(proposed, 'reject_response', '2026-03-05T10:00:00.000Z');
    expect(rejected.after.deadlines[0].settledAt).toBeNull();
    expect(policy(rejected)).toEqual([]);
    expect(policy(act(proposed, 'accept_response', '2026-03-06T10:00:00.000Z'))).toEqual([]);
  });

  it('an acceptance staff record (the customer said yes by phone) brings the same communication, in place of the plain "resolved"', () => {
    const decision = decide(proposed, { type: 'accept_response' }, staff, aContext('2026-03-05T10:00:00.000Z'));
    if (!decision.ok) throw new Error(decision.code);
    const change = { before: proposed, after: decision.complaint, events: decision.events.map((event) => ({ ...event, actor: staff, at: '2026-03-05T10:00:00.000Z' })) };
    expect(policy(change).map((m) => m.kind)).toEqual(['summary_resolution']);
    expect(statusUpdatesPolicy({ reopenWindowDays: 30, code: fca }, TEST_ROUTING)(change)).toEqual([]);
    // without a summary-resolution wording in the code, the plain status update says it is resolved
    expect(statusUpdatesPolicy({ reopenWindowDays: 30, code: loadProfile('default') }, TEST_ROUTING)(change).map((m) => m.payload.key)).toEqual(['status.resolved']);
  });
});
