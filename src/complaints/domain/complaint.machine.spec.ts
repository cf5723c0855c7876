import { describe, expect, it } from '@jest/globals';
import type { Actor, CommandType, ComplaintCommand } from './complaint.commands.js';
import { aComplaint, aComplaintIn, aContext, deadline } from './complaint.fixtures.js';
import { allowedCommands, commandsFor, decide, refusalOf } from './complaint.machine.js';
import { STATUSES, type ComplaintStatus } from './complaint.js';

const supervisor: Actor = { kind: 'staff', id: 'U-SUP', role: 'supervisor' };
const handler: Actor = { kind: 'staff', id: 'U-HAN', role: 'handler' };
const customer: Actor = { kind: 'customer' };
const system: Actor = { kind: 'system', id: 'scheduler' };

const assessment = { severity: 'high', impact: 'medium', complexity: 'low', urgency: 'medium', healthOrSafety: false } as const;

const COMMANDS: Record<CommandType, ComplaintCommand> = {
  acknowledge: { type: 'acknowledge' },
  assess: { type: 'assess', assessment },
  reassess: { type: 'reassess', assessment },
  start_investigation: { type: 'start_investigation' },
  request_information: { type: 'request_information', question: 'What is your order number?' },
  receive_information: { type: 'receive_information', message: 'It is 12345.' },
  propose_response: { type: 'propose_response', outcome: 'Full refund', explanation: 'The courier lost it.' },
  send_holding_response: { type: 'send_holding_response', reasons: 'We are waiting for the courier’s report.', expectedBy: '2026-04-20T16:00:00.000Z' },
  accept_response: { type: 'accept_response' },
  reject_response: { type: 'reject_response', reason: 'Too little.' },
  mark_unresolved: { type: 'mark_unresolved', reason: 'Final response deadline passed.' },
  close: { type: 'close', outcome: 'Refunded', rootCause: 'courier' },
  withdraw: { type: 'withdraw', reason: 'Sorted it out myself.' },
  reopen: { type: 'reopen', reason: 'The refund never arrived.' },
  assign: { type: 'assign', assigneeId: 'U-SUP' },
  declare_involvement: { type: 'declare_involvement', staffId: 'U-OTHER' },
};

const OPEN: ComplaintStatus[] = ['received', 'acknowledged', 'assessed', 'investigating', 'awaiting_customer', 'response_proposed', 'unresolved'];
const BEFORE_OUTCOME: ComplaintStatus[] = ['received', 'acknowledged', 'assessed', 'investigating', 'awaiting_customer', 'response_proposed'];

/** The workflow as the organisation describes it, written out independently of the machine's own table. */
const EXPECTED: Record<CommandType, Partial<Record<ComplaintStatus, ComplaintStatus>>> = {
  acknowledge: { received: 'acknowledged' },
  assess: { acknowledged: 'assessed' },
  reassess: { assessed: 'assessed', investigating: 'investigating', awaiting_customer: 'awaiting_customer' },
  start_investigation: { assessed: 'investigating' },
  request_information: { investigating: 'awaiting_customer' },
  receive_information: { awaiting_customer: 'investigating' },
  propose_response: { investigating: 'response_proposed' },
  send_holding_response: Object.fromEntries(['received', 'acknowledged', 'assessed', 'investigating', 'awaiting_customer'].map((s) => [s, s])),
  accept_response: { response_proposed: 'resolved' },
  reject_response: { response_proposed: 'unresolved' },
  mark_unresolved: Object.fromEntries(BEFORE_OUTCOME.map((s) => [s, 'unresolved'])),
  close: { resolved: 'closed', unresolved: 'closed', response_proposed: 'closed' },
  withdraw: Object.fromEntries(OPEN.map((s) => [s, 'withdrawn'])),
  reopen: { closed: 'investigating', withdrawn: 'investigating' },
  assign: Object.fromEntries(OPEN.map((s) => [s, s])),
  declare_involvement: Object.fromEntries(OPEN.map((s) => [s, s])),
};

/** After the final response deadline, so that mark_unresolved's guard holds; within the reopen window. */
const LATE = '2026-03-31T09:00:00.000Z';

const matrix = STATUSES.flatMap((status) =>
  (Object.keys(COMMANDS) as CommandType[]).map((type) => ({ status, type, to: EXPECTED[type][status] })),
);

describe(decide.name, () => {
  describe.each(matrix.filter((row) => row.to !== undefined))('allows $type from $status', ({ status, type, to }) => {
    it(`moves to ${to}`, () => {
      const actor = type === 'mark_unresolved' ? system : supervisor;
      const decision = decide(aComplaintIn(status), COMMANDS[type], actor, aContext(LATE));
      expect(decision).toMatchObject({ ok: true, complaint: { status: to } });
    });
  });

  describe.each(matrix.filter((row) => row.to === undefined))('forbids $type from $status', ({ status, type }) => {
    it('answers with the commands that are allowed instead', () => {
      const complaint = aComplaintIn(status);
      const decision = decide(complaint, COMMANDS[type], supervisor, aContext(LATE));
      expect(decision).toEqual({
        ok: false,
        code: 'complaint_invalid_transition',
        message: expect.stringContaining(status),
        allowed: expect.not.arrayContaining([type]),
      });
      if (!decision.ok) expect(decision.allowed).toEqual(allowedCommands(status));
    });
  });

  it('records what changed, with the old and new stage', () => {
    const decision = decide(aComplaintIn('investigating'), COMMANDS.propose_response, handler, aContext(LATE));
    expect(decision).toMatchObject({
      ok: true,
      events: [
        {
          type: 'complaint.response_proposed',
          data: { from: 'investigating', to: 'response_proposed', outcome: 'Full refund' },
        },
      ],
    });
  });

  // The hash chain covers each payload as JSON, so its fields and their order are what the history has always stored.
  it.each<[CommandType, ComplaintStatus, string]>([
    ['receive_information', 'awaiting_customer', '{"pausedSince":"2026-03-10T10:00:00.000Z","message":"It is 12345.","from":"awaiting_customer","to":"investigating"}'],
    ['withdraw', 'awaiting_customer', '{"pausedSince":"2026-03-10T10:00:00.000Z","reason":"Sorted it out myself.","from":"awaiting_customer","to":"withdrawn"}'],
    ['close', 'resolved', '{"outcome":"Refunded","rootCause":"courier","acceptedByCustomer":true,"from":"resolved","to":"closed"}'],
    ['reassess', 'investigating', `{"assessment":${JSON.stringify(assessment)},"priority":"high"}`],
    ['assign', 'investigating', '{"previousAssigneeId":null,"assigneeId":"U-SUP"}'],
  ])('writes %s from %s as the history has always stored it', (command, status, json) => {
    const complaint = aComplaintIn(status, status === 'awaiting_customer' ? { pausedAt: '2026-03-10T10:00:00.000Z' } : {});
    const decision = decide(complaint, COMMANDS[command], supervisor, aContext(LATE));
    if (!decision.ok) throw new Error(decision.message);
    expect(decision.events.map((event) => JSON.stringify(event.data))).toEqual([json]);
  });

  describe('actors', () => {
    it.each<[CommandType, ComplaintStatus]>([
      ['acknowledge', 'received'],
      ['propose_response', 'investigating'],
      ['close', 'resolved'],
      ['assign', 'assessed'],
    ])('a customer may not %s', (type, status) => {
      expect(decide(aComplaintIn(status), COMMANDS[type], customer, aContext(LATE))).toMatchObject({
        ok: false,
        code: 'complaint_actor_not_allowed',
      });
    });

    it.each<[CommandType, ComplaintStatus]>([
      ['accept_response', 'response_proposed'],
      ['reject_response', 'response_proposed'],
      ['withdraw', 'investigating'],
      ['receive_information', 'awaiting_customer'],
      ['reopen', 'closed'],
    ])('a customer may %s', (type, status) => {
      expect(decide(aComplaintIn(status), COMMANDS[type], customer, aContext(LATE)).ok).toBe(true);
    });

    it('the scheduler may acknowledge but not close', () => {
      expect(decide(aComplaintIn('received'), COMMANDS.acknowledge, system, aContext(LATE)).ok).toBe(true);
      expect(decide(aComplaintIn('resolved'), COMMANDS.close, system, aContext(LATE)).ok).toBe(false);
    });
  });

  describe('guards', () => {
    it('only a supervisor closes a complaint whose response the customer has not accepted', () => {
      const complaint = aComplaintIn('response_proposed');
      expect(decide(complaint, COMMANDS.close, handler, aContext(LATE))).toMatchObject({
        ok: false,
        code: 'complaint_close_needs_supervisor',
      });
      expect(decide(complaint, COMMANDS.close, supervisor, aContext(LATE))).toMatchObject({
        ok: true,
        complaint: { closure: { acceptedByCustomer: false } },
      });
    });

    it('a complaint the customer accepted closes as accepted', () => {
      expect(decide(aComplaintIn('resolved'), COMMANDS.close, handler, aContext(LATE))).toMatchObject({
        ok: true,
        complaint: { status: 'closed', closure: { outcome: 'Refunded', rootCause: 'courier', acceptedByCustomer: true } },
      });
    });

    it('becomes unresolved on its own only once the final response deadline has passed', () => {
      const complaint = aComplaintIn('investigating');
      expect(decide(complaint, COMMANDS.mark_unresolved, system, aContext('2026-03-30T12:00:00.000Z'))).toMatchObject({
        ok: false,
        code: 'complaint_final_deadline_not_passed',
      });
      expect(decide(complaint, COMMANDS.mark_unresolved, system, aContext('2026-03-31T00:00:00.000Z')).ok).toBe(true);
    });

    it('reopens within the window and not after', () => {
      const closed = aComplaintIn('closed', { closedAt: '2026-03-01T00:00:00.000Z' });
      expect(decide(closed, COMMANDS.reopen, customer, aContext('2026-03-31T00:00:00.000Z')).ok).toBe(true);
      expect(decide(closed, COMMANDS.reopen, customer, aContext('2026-03-31T00:00:00.001Z'))).toMatchObject({
        ok: false,
        code: 'complaint_reopen_window_passed',
      });
    });

    it('a reopened complaint gets a fresh final response deadline and forgets its old outcome', () => {
      const closed = aComplaintIn('closed', {
        closure: { outcome: 'Refunded', rootCause: null, acceptedByCustomer: true },
        deadlines: [deadline('time_to_final_response', '2026-03-30T23:59:59.999Z', '2026-03-04T00:00:00.000Z')],
      });
      const decision = decide(closed, COMMANDS.reopen, customer, aContext('2026-03-10T00:00:00.000Z'));
      expect(decision).toMatchObject({
        ok: true,
        complaint: {
          closure: null,
          closedAt: null,
          deadlines: [{ indicator: 'time_to_final_response', dueAt: '2026-04-07T00:00:00.000Z', settledAt: null }],
        },
      });
    });

    it('never assigns a complaint to someone named as involved in it', () => {
      const complaint = aComplaintIn('assessed', { involvedStaffIds: ['U-HAN'] });
      expect(decide(complaint, { type: 'assign', assigneeId: 'U-HAN' }, supervisor, aContext(LATE))).toMatchObject({
        ok: false,
        code: 'complaint_handler_involved',
      });
    });

    it('lets someone named as involved take no step on the case, whatever their role', () => {
      const involvedSupervisor = { ...supervisor, id: 'U-INV' } as const;
      const complaint = aComplaintIn('investigating', { involvedStaffIds: ['U-INV'] });
      for (const type of ['request_information', 'propose_response', 'withdraw', 'assign', 'send_holding_response'] as const) {
        expect(decide(complaint, COMMANDS[type], involvedSupervisor, aContext(LATE))).toMatchObject({ ok: false, code: 'complaint_staff_involved' });
      }
      expect(decide(aComplaintIn('received', { involvedStaffIds: ['U-INV'] }), COMMANDS.acknowledge, involvedSupervisor, aContext(LATE))).toMatchObject({
        ok: false,
        code: 'complaint_staff_involved',
      });
      // the same steps by someone not involved go through
      expect(decide(complaint, COMMANDS.request_information, supervisor, aContext(LATE)).ok).toBe(true);
    });

    it('lets someone involved declare their own involvement, and no one else’s', () => {
      const complaint = aComplaintIn('investigating', { involvedStaffIds: ['U-HAN'] });
      expect(decide(complaint, { type: 'declare_involvement', staffId: 'U-HAN' }, handler, aContext(LATE)).ok).toBe(true);
      expect(decide(complaint, { type: 'declare_involvement', staffId: 'U-OTHER' }, handler, aContext(LATE))).toMatchObject({
        ok: false,
        code: 'complaint_staff_involved',
      });
    });

    it('only a supervisor closes a complaint the customer rejected or that was marked unresolved', () => {
      const complaint = aComplaintIn('unresolved');
      expect(decide(complaint, COMMANDS.close, handler, aContext(LATE))).toMatchObject({ ok: false, code: 'complaint_close_needs_supervisor' });
      expect(decide(complaint, COMMANDS.close, supervisor, aContext(LATE))).toMatchObject({
        ok: true,
        complaint: { status: 'closed', closure: { acceptedByCustomer: false } },
      });
    });

    it('takes the case away from a handler who is declared involved', () => {
      const complaint = aComplaintIn('investigating', { assigneeId: 'U-HAN' });
      const decision = decide(complaint, { type: 'declare_involvement', staffId: 'U-HAN' }, supervisor, aContext(LATE));
      expect(decision).toMatchObject({ ok: true, complaint: { assigneeId: null, involvedStaffIds: ['U-HAN'] } });
    });

    it('lets a handler take an unassigned case but not another handler’s', () => {
      const unassigned = aComplaintIn('assessed');
      expect(decide(unassigned, { type: 'assign', assigneeId: 'U-HAN' }, handler, aContext(LATE)).ok).toBe(true);
      expect(decide(unassigned, { type: 'assign', assigneeId: 'U-X' }, handler, aContext(LATE))).toMatchObject({
        code: 'complaint_reassign_needs_supervisor',
      });
      const taken = aComplaintIn('assessed', { assigneeId: 'U-X' });
      expect(decide(taken, { type: 'assign', assigneeId: 'U-HAN' }, handler, aContext(LATE))).toMatchObject({
        code: 'complaint_reassign_needs_supervisor',
      });
      expect(decide(taken, { type: 'assign', assigneeId: 'U-HAN' }, supervisor, aContext(LATE)).ok).toBe(true);
    });
  });

  describe('deadlines', () => {
    it('settles the acknowledgement promise when acknowledged', () => {
      const decision = decide(aComplaint(), COMMANDS.acknowledge, system, aContext('2026-03-02T11:00:00.000Z'));
      expect(decision).toMatchObject({
        ok: true,
        complaint: {
          acknowledgedAt: '2026-03-02T11:00:00.000Z',
          deadlines: [
            { indicator: 'time_to_acknowledge', settledAt: '2026-03-02T11:00:00.000Z' },
            { indicator: 'time_to_final_response', settledAt: null },
          ],
        },
      });
    });

    it('stops the clock while waiting for the customer and starts it again with the time added', () => {
      const investigating = aComplaintIn('investigating');
      const asked = decide(investigating, COMMANDS.request_information, handler, aContext('2026-03-10T10:00:00.000Z'));
      if (!asked.ok) throw new Error(asked.message);
      expect(asked.complaint.pausedAt).toBe('2026-03-10T10:00:00.000Z');

      const answered = decide(asked.complaint, COMMANDS.receive_information, customer, aContext('2026-03-13T10:00:00.000Z'));
      expect(answered).toMatchObject({
        ok: true,
        complaint: {
          pausedAt: null,
          deadlines: [
            { indicator: 'time_to_acknowledge' },
            { indicator: 'time_to_final_response', dueAt: '2026-04-02T23:59:59.999Z' },
          ],
        },
        events: [{ data: { pausedSince: '2026-03-10T10:00:00.000Z' } }],
      });
    });

    it('settles every promise on withdrawal', () => {
      const decision = decide(aComplaintIn('assessed'), COMMANDS.withdraw, customer, aContext(LATE));
      if (!decision.ok) throw new Error(decision.message);
      expect(decision.complaint.deadlines.every((d) => d.settledAt === LATE)).toBe(true);
    });

    it('records the priority from the assessment', () => {
      const decision = decide(
        aComplaintIn('acknowledged'),
        { type: 'assess', assessment: { ...assessment, healthOrSafety: true } },
        handler,
        aContext(LATE),
      );
      expect(decision).toMatchObject({ ok: true, complaint: { status: 'assessed', priority: 'critical' } });
    });
  });
});

describe(allowedCommands.name, () => {
  it('offers a handler what a handler may do', () => {
    expect(allowedCommands('response_proposed', handler)).toEqual(
      expect.arrayContaining(['mark_unresolved', 'withdraw', 'assign']),
    );
    expect(allowedCommands('response_proposed', handler)).not.toContain('close');
    expect(allowedCommands('response_proposed', supervisor)).toContain('close');
  });

  it('offers nothing to reassess once the case has ended', () => {
    expect(allowedCommands('closed')).toEqual(['reopen']);
  });

  it('offers a handler no close before the customer accepted', () => {
    expect(allowedCommands('unresolved', handler)).not.toContain('close');
    expect(allowedCommands('resolved', handler)).toContain('close');
  });
});

describe(commandsFor.name, () => {
  it('offers each person only the steps open to them on this case now', () => {
    const proposed = aComplaintIn('response_proposed', { assigneeId: 'U-HAN' });
    expect(commandsFor(proposed, handler, aContext(LATE))).not.toContain('close');
    expect(commandsFor(proposed, supervisor, aContext(LATE))).toContain('close');
    expect(commandsFor({ ...proposed, involvedStaffIds: ['U-SUP'] }, supervisor, aContext(LATE))).toEqual(['declare_involvement']);
  });

  it('offers to mark a case unresolved only once its final response deadline has passed', () => {
    const complaint = aComplaintIn('investigating');
    expect(commandsFor(complaint, handler, aContext('2026-03-30T12:00:00.000Z'))).not.toContain('mark_unresolved');
    expect(commandsFor(complaint, handler, aContext('2026-03-31T00:00:00.000Z'))).toContain('mark_unresolved');
  });
});

describe(refusalOf.name, () => {
  it('says why a step is not open, in the same codes the workflow answers with', () => {
    const closed = aComplaintIn('closed', { closedAt: '2026-03-01T00:00:00.000Z' });
    expect(refusalOf(closed, 'reopen', handler, aContext('2026-04-30T00:00:00.000Z'))?.code).toBe('complaint_reopen_window_passed');
    expect(refusalOf(closed, 'assess', handler, aContext(LATE))?.code).toBe('complaint_invalid_transition');
    expect(refusalOf(closed, 'reopen', handler, aContext('2026-03-02T00:00:00.000Z'))).toBeNull();
  });
});
