import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../../complaints/domain/complaint.commands.js';
import type { DisputeCommand, DisputeCommandType } from './dispute.commands.js';
import { DISPUTE_STATUSES, type Dispute, type DisputeStatus } from './dispute.js';
import { allowedDisputeCommands, decideDispute, offerDispute, type DisputeDecision } from './dispute.machine.js';

const staff: Actor = { kind: 'staff', id: 'U-SUP', role: 'supervisor' };
const handler: Actor = { kind: 'staff', id: 'U-HAN', role: 'handler' };
const customer: Actor = { kind: 'customer' };
const system: Actor = { kind: 'system', id: 'dispute-watch' };
const FOS = 'financial-ombudsman-service';
const ctx = { now: new Date('2026-05-04T10:00:00Z'), remedyDays: 28 };

function offered(): Dispute {
  return offerDispute('RD-7K3M-9QXP', { trigger: 'response_rejected', options: [FOS], referralDeadline: '2026-11-04T10:00:00.000Z' }, new Date('2026-05-01T09:00:00Z')).dispute;
}

function inStatus(status: DisputeStatus, extra: Partial<Dispute> = {}): Dispute {
  return { ...offered(), status, remindersWanted: true, ...extra };
}

const COMMANDS: Record<DisputeCommandType, DisputeCommand> = {
  consent: { type: 'consent', providerId: FOS, shareCaseFile: true, wordingVersion: 'dispute-options-1' },
  decline: { type: 'decline', wordingVersion: 'dispute-options-1' },
  defer: { type: 'defer', reminders: true, wordingVersion: 'dispute-options-1' },
  withdraw_consent: { type: 'withdraw_consent' },
  reoffer: { type: 'reoffer', trigger: 'customer_asked' },
  refer: { type: 'refer' },
  record_acceptance: { type: 'record_acceptance', providerReference: 'FOS-2026-123' },
  record_outcome: { type: 'record_outcome', outcome: 'not_upheld', explanation: 'The ombudsman found we acted fairly.' },
  implement_remedy: { type: 'implement_remedy' },
  close: { type: 'close' },
  remind: { type: 'remind' },
};

/** The journey as ISO 10003 describes it, written out independently of the machine's own table. */
const EXPECTED: Record<DisputeCommandType, Partial<Record<DisputeStatus, DisputeStatus>>> = {
  consent: { offered: 'consented', deferred: 'consented' },
  decline: { offered: 'declined', deferred: 'declined' },
  defer: { offered: 'deferred' },
  withdraw_consent: { consented: 'consent_withdrawn' },
  reoffer: { declined: 'offered', consent_withdrawn: 'offered', deferred: 'offered' },
  refer: { consented: 'referred' },
  record_acceptance: { referred: 'accepted' },
  record_outcome: { accepted: 'decided' },
  // from decided only when the outcome asked a remedy: see below
  implement_remedy: {},
  close: { decided: 'closed', declined: 'closed', consent_withdrawn: 'closed', remedy_implemented: 'closed' },
  remind: { offered: 'offered', deferred: 'deferred' },
};

const ACTOR: Record<DisputeCommandType, Actor> = {
  consent: customer,
  decline: customer,
  defer: customer,
  withdraw_consent: customer,
  reoffer: customer,
  refer: staff,
  record_acceptance: staff,
  record_outcome: staff,
  implement_remedy: staff,
  close: staff,
  remind: system,
};

function expectOk(decision: DisputeDecision): Extract<DisputeDecision, { ok: true }> {
  if (!decision.ok) throw new Error(`${decision.code}: ${decision.message}`);
  return decision;
}

describe(decideDispute.name, () => {
  for (const type of Object.keys(COMMANDS) as DisputeCommandType[]) {
    for (const status of DISPUTE_STATUSES) {
      const target = EXPECTED[type][status];
      it(`${type} from ${status}: ${target ? `goes to ${target}` : 'is refused'}`, () => {
        const decision = decideDispute(inStatus(status), COMMANDS[type], ACTOR[type], ctx);
        if (target) {
          expect(expectOk(decision).dispute.status).toBe(target);
          expect(decision.ok && decision.events).toHaveLength(1);
        } else {
          expect(decision.ok).toBe(false);
        }
      });
    }
  }

  it('records the consent to refer and, separately, to share the case file, with the wording version shown', () => {
    const decision = expectOk(decideDispute(offered(), { type: 'consent', providerId: FOS, shareCaseFile: false, wordingVersion: 'dispute-options-1' }, customer, ctx));
    expect(decision.dispute).toMatchObject({ providerId: FOS, consentToShare: false, wordingVersion: 'dispute-options-1', answeredAt: ctx.now.toISOString() });
    expect(decision.events).toEqual([
      { type: 'dispute.consented', data: { providerId: FOS, shareCaseFile: false, wordingVersion: 'dispute-options-1', from: 'offered', to: 'consented' } },
    ]);
  });

  it('refuses consent to an option that was not offered', () => {
    const decision = decideDispute(offered(), { ...COMMANDS.consent, providerId: 'afca' } as DisputeCommand, customer, ctx);
    expect(decision).toMatchObject({ ok: false, code: 'dispute_option_not_offered' });
  });

  it('withdrawing consent forgets the chosen option and the consent to share', () => {
    const consented = expectOk(decideDispute(offered(), COMMANDS.consent, customer, ctx)).dispute;
    const withdrawn = expectOk(decideDispute(consented, COMMANDS.withdraw_consent, customer, ctx));
    expect(withdrawn.dispute).toMatchObject({ status: 'consent_withdrawn', providerId: null, consentToShare: false });
    expect(withdrawn.events[0]).toMatchObject({ type: 'dispute.consent_withdrawn', data: { providerId: FOS } });
  });

  it('only staff refer, record the provider’s answers and close; the customer cannot', () => {
    for (const [type, status] of [['refer', 'consented'], ['record_acceptance', 'referred'], ['record_outcome', 'accepted'], ['close', 'declined']] as const) {
      expect(decideDispute(inStatus(status), COMMANDS[type], customer, ctx)).toMatchObject({ ok: false, code: 'dispute_actor_not_allowed' });
    }
  });

  it('a handler refers and records acceptance and remedies; only a supervisor records an outcome or closes', () => {
    expect(expectOk(decideDispute(inStatus('consented'), COMMANDS.refer, handler, ctx)).dispute.status).toBe('referred');
    expect(expectOk(decideDispute(inStatus('referred'), COMMANDS.record_acceptance, handler, ctx)).dispute.status).toBe('accepted');
    expect(decideDispute(inStatus('accepted'), COMMANDS.record_outcome, handler, ctx)).toMatchObject({ ok: false, code: 'dispute_needs_supervisor' });
    expect(decideDispute(inStatus('declined'), COMMANDS.close, handler, ctx)).toMatchObject({ ok: false, code: 'dispute_needs_supervisor' });
  });

  it('an internal review is taken on by a supervisor', () => {
    const review = inStatus('referred', { options: ['internal-review'], providerId: 'internal-review' });
    expect(decideDispute(review, COMMANDS.record_acceptance, handler, ctx)).toMatchObject({ ok: false, code: 'dispute_needs_supervisor' });
    expect(decideDispute(review, COMMANDS.record_acceptance, staff, ctx).ok).toBe(true);
  });

  it('keeps the provider’s reference on acceptance', () => {
    const accepted = expectOk(decideDispute(inStatus('referred'), COMMANDS.record_acceptance, staff, ctx));
    expect(accepted.dispute).toMatchObject({ providerReference: 'FOS-2026-123', acceptedAt: ctx.now.toISOString() });
  });

  it('an upheld outcome with a remedy is due within the remedy days, and the dispute cannot close before it is done', () => {
    const decided = expectOk(
      decideDispute(inStatus('accepted'), { type: 'record_outcome', outcome: 'upheld', explanation: 'Refund the fee.', remedy: 'Refund £40.' }, staff, ctx),
    ).dispute;
    expect(decided).toMatchObject({ status: 'decided', outcome: 'upheld', remedy: 'Refund £40.', remedyDueAt: '2026-06-01T10:00:00.000Z' });
    expect(allowedDisputeCommands(decided, staff)).toEqual(['implement_remedy']);
    expect(decideDispute(decided, COMMANDS.close, staff, ctx)).toMatchObject({ ok: false, code: 'dispute_remedy_outstanding' });

    const later = { ...ctx, now: new Date('2026-05-14T10:00:00Z') };
    const implemented = expectOk(decideDispute(decided, COMMANDS.implement_remedy, staff, later));
    expect(implemented.events[0]).toMatchObject({
      type: 'dispute.remedy_implemented',
      data: { dueAt: '2026-06-01T10:00:00.000Z', onTime: true, daysToImplement: 10 },
    });
    expect(expectOk(decideDispute(implemented.dispute, COMMANDS.close, staff, later)).dispute.status).toBe('closed');
  });

  it('a remedy carried out after its due date is recorded as late', () => {
    const decided = { ...inStatus('decided'), decidedAt: '2026-05-04T10:00:00.000Z', remedyDueAt: '2026-06-01T10:00:00.000Z' };
    const late = expectOk(decideDispute(decided, COMMANDS.implement_remedy, staff, { ...ctx, now: new Date('2026-06-03T10:00:00Z') }));
    expect(late.events[0]).toMatchObject({ data: { onTime: false, daysToImplement: 30 } });
  });

  it('an outcome that asks nothing of us has no remedy to implement', () => {
    const decided = expectOk(decideDispute(inStatus('accepted'), COMMANDS.record_outcome, staff, ctx)).dispute;
    expect(decided.remedyDueAt).toBeNull();
    expect(decideDispute(decided, COMMANDS.implement_remedy, staff, ctx)).toMatchObject({ ok: false, code: 'dispute_no_remedy_owed' });
    expect(
      decideDispute(inStatus('accepted'), { type: 'record_outcome', outcome: 'not_upheld', explanation: 'Fair.', remedy: 'Pay' }, staff, ctx),
    ).toMatchObject({ ok: false, code: 'dispute_remedy_not_expected' });
  });

  it('sends one reminder, only to a customer who asked for reminders', () => {
    const deferred = expectOk(decideDispute(offered(), { type: 'defer', reminders: true, wordingVersion: 'dispute-options-1' }, customer, ctx)).dispute;
    const reminded = expectOk(decideDispute(deferred, COMMANDS.remind, system, ctx)).dispute;
    expect(reminded.reminderSentAt).toBe(ctx.now.toISOString());
    expect(decideDispute(reminded, COMMANDS.remind, system, ctx)).toMatchObject({ ok: false, code: 'dispute_reminder_not_owed' });

    const noReminders = expectOk(decideDispute(offered(), { type: 'defer', reminders: false, wordingVersion: 'dispute-options-1' }, customer, ctx)).dispute;
    expect(decideDispute(noReminders, COMMANDS.remind, system, ctx)).toMatchObject({ ok: false, code: 'dispute_reminder_not_owed' });
  });
});

describe(offerDispute.name, () => {
  it('starts offered, with the options and the last day to refer in the history', () => {
    const { dispute, events } = offerDispute('RD-7K3M-9QXP', { trigger: 'deadline_missed', options: ['internal-review'], referralDeadline: null }, ctx.now);
    expect(dispute).toMatchObject({ status: 'offered', trigger: 'deadline_missed', options: ['internal-review'], offeredAt: ctx.now.toISOString() });
    expect(events).toEqual([{ type: 'dispute.offered', data: { trigger: 'deadline_missed', options: ['internal-review'], referralDeadline: null } }]);
  });
});
