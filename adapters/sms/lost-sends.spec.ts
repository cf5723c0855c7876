import { describe, expect, it } from '@jest/globals';
import { CLOCK_LEEWAY_MS, findUnanswered, type ListedMessage, type UnansweredSend } from './lost-sends.js';

const CUSTOMER = '+447911123456';
const OURS = '+447700900123';
const attemptedAt = new Date('2026-03-02T10:00:00.400Z');
const send: UnansweredSend = { to: CUSTOMER, body: 'What would you like to do?', sender: { from: OURS }, attemptedAt };

const listed = (sid: string, changes: Partial<ListedMessage> = {}): ListedMessage => ({
  sid,
  to: CUSTOMER,
  from: OURS,
  messagingServiceSid: null,
  body: send.body ?? '',
  direction: 'outbound-api',
  status: 'queued',
  // Twilio's dates are in whole seconds: created in the same second as the attempt, it reads as earlier
  dateCreated: new Date('2026-03-02T10:00:00.000Z'),
  ...changes,
});

describe(findUnanswered.name, () => {
  it('finds the text Twilio took though its answer was lost', () => {
    expect(findUnanswered([listed('SM1')], send, new Set())?.sid).toBe('SM1');
  });

  it('finds a template whose words Twilio filled in by who sent it to whom, and when', () => {
    expect(findUnanswered([listed('SM1', { body: 'Update on your complaint 7K4M-9P2Q.' })], { ...send, body: undefined }, new Set())?.sid).toBe('SM1');
    expect(findUnanswered([listed('SM1', { body: 'Update.' })], { ...send, body: undefined }, new Set(['SM1']))).toBeUndefined();
  });

  it('finds nothing when Twilio has nothing like it, so the text is sent again', () => {
    expect(findUnanswered([], send, new Set())).toBeUndefined();
  });

  it.each([
    ['another text', { body: 'Please tell me what happened.' }],
    ['a text to another number', { to: '+447911000000' }],
    ['a text from another of our numbers', { from: '+447700900999' }],
    ['the customer’s own text to us', { direction: 'inbound', to: OURS, from: CUSTOMER }],
    ['a reply Twilio sent itself (its STOP answer)', { direction: 'outbound-reply' }],
    ['the same text sent before this one was first tried', { dateCreated: new Date(attemptedAt.getTime() - CLOCK_LEEWAY_MS - 1000) }],
  ])('does not take %s for it', (_name, changes) => {
    expect(findUnanswered([listed('SM1', changes)], send, new Set())).toBeUndefined();
  });

  it('does not take a text already recorded for another reply with the same words', () => {
    expect(findUnanswered([listed('SM1')], send, new Set(['SM1']))).toBeUndefined();
  });

  it('takes the newest when several match, as the last we sent', () => {
    const older = listed('SM-older', { dateCreated: new Date('2026-03-02T10:00:01.000Z') });
    const newer = listed('SM-newer', { dateCreated: new Date('2026-03-02T10:00:05.000Z') });
    expect(findUnanswered([older, newer], send, new Set())?.sid).toBe('SM-newer');
  });

  it('recognises a text from a Messaging Service by the service, whichever number it picked', () => {
    const viaService: UnansweredSend = { ...send, sender: { messagingServiceSid: 'MG1' } };
    expect(findUnanswered([listed('SM1', { from: '+447700900555', messagingServiceSid: 'MG1' })], viaService, new Set())?.sid).toBe('SM1');
    expect(findUnanswered([listed('SM2', { messagingServiceSid: 'MG2' })], viaService, new Set())).toBeUndefined();
  });
});
