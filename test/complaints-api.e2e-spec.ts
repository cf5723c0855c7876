import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { NotifierRegistry } from '../src/notifications/notifier-registry.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { MessageRenderer } from '../src/notifications/rendering/message-renderer.js';
import { dialects } from './support/databases.js';
import { RecordingNotifier } from './support/recording-notifier.js';
import { STAFF_KEY, startApp, type RunningApp } from './support/test-app.js';

const aComplaint = {
  channel: 'api',
  contact: { kind: 'phone', value: '+44 7911 123456' },
  customerName: 'Sam Patel',
  category: 'delivery',
  description: 'My parcel was marked delivered but never arrived.',
  remedySought: 'A refund or a replacement',
  occurredOn: '2026-02-27',
};

describe.each(dialects())('staff API on %s', (dialect) => {
  let server: RunningApp;
  const sms = new RecordingNotifier('sms');

  beforeAll(async () => {
    server = await startApp(dialect);
    // Customers in these tests are reached by SMS; email is left unconfigured on purpose.
    server.app.get(NotifierRegistry).register(sms);
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function file(overrides: Record<string, unknown> = {}, headers?: Record<string, string>) {
    const response = await server.request('POST', '/api/complaints', { body: { ...aComplaint, ...overrides }, headers });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function act(reference: string, body: Record<string, unknown>, headers?: Record<string, string>) {
    return server.request('POST', `/api/complaints/${reference}/actions`, { body, headers });
  }

  it('answers health checks without a key', async () => {
    const response = await server.request('GET', '/health', { auth: false });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: dialect === 'postgres' ? 'postgres' : 'better-sqlite3' });
  });

  it.each([
    ['no key', {}],
    ['a wrong key', { authorization: 'Bearer not-the-key-at-all' }],
    ['a malformed header', { authorization: 'Basic abc' }],
  ])('refuses %s with 401', async (_name, headers) => {
    const response = await server.request('GET', '/api/complaints', { auth: false, headers });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'unauthorised' });
  });

  describe('recording a complaint', () => {
    it('answers a body that is not sent as JSON with 415, saying which header to send, and records nothing', async () => {
      const before = (await server.request('GET', '/api/complaints')).body.total;
      const response = await fetch(`${server.baseUrl}/api/complaints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${STAFF_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: JSON.stringify(aComplaint),
      });
      expect(response.status).toBe(415);
      expect(await response.json()).toEqual({
        statusCode: 415,
        code: 'unsupported_media_type',
        message: 'Send the body as JSON, with the header Content-Type: application/json.',
      });
      expect((await server.request('GET', '/api/complaints')).body.total).toBe(before);
    });

    it('records a complaint whose contact Redress cannot reach, and warns that the customer will hear nothing', async () => {
      const byEmail = await file({ contact: { kind: 'email', value: 'sam@example.com' } });
      expect(byEmail.warnings).toEqual([
        {
          code: 'contact_unreachable',
          field: 'contact.kind',
          message: 'Redress cannot send email here, so this customer will not be told of any step: contact them another way, or give a contact Redress can reach.',
        },
      ]);
      expect((await file()).warnings).toBeUndefined();
    });

    it('gives it a reference, deadlines from the code of conduct and a masked contact', async () => {
      const created = await file();
      expect(created.reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(created).toMatchObject({
        status: 'received',
        channel: 'api',
        contact: { kind: 'phone', masked: '+44 •••• ••• 456' },
        category: 'delivery',
        receivedAt: '2026-03-02T10:00:00.000Z',
        allowedActions: expect.arrayContaining(['acknowledge', 'withdraw']),
      });
      expect(JSON.stringify(created)).not.toContain('7911123456');
      const indicators = created.deadlines.map((d: { indicator: string }) => d.indicator);
      expect(indicators).toEqual(expect.arrayContaining(['time_to_acknowledge', 'time_to_final_response']));
      for (const deadline of created.deadlines) {
        expect(Date.parse(deadline.dueAt)).toBeGreaterThan(Date.parse(created.receivedAt));
        expect(deadline.state).toBe('running');
        expect(deadline.promise).toEqual(expect.any(String));
      }
    });

    it('acknowledges at once when asked to', async () => {
      const created = await file({ acknowledge: true });
      expect(created.status).toBe('acknowledged');
      expect(created.deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_acknowledge').state).toBe('met');
    });

    it('names every bad field in a 400', async () => {
      const response = await server.request('POST', '/api/complaints', {
        body: { ...aComplaint, channel: 'pigeon', description: '   ', contact: { kind: 'phone' }, surprise: 1 },
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      const fields = response.body.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['channel', 'description', 'contact.value']));
    });

    it('refuses a contact no channel delivers to, and a channel nothing declares, naming the ones there are', async () => {
      const response = await server.request('POST', '/api/complaints', {
        body: { ...aComplaint, channel: 'fax', contact: { kind: 'fax', value: '+44 20 7946 0000' } },
      });
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual([
        { field: 'channel', message: 'must be one of: webchat, sms, whatsapp, email, api, phone, letter, in_person' },
        { field: 'contact.kind', message: 'must be one of: webchat, phone, whatsapp, email' },
      ]);
    });

    it('refuses a phone number that cannot be real, naming the field', async () => {
      const response = await server.request('POST', '/api/complaints', {
        body: { ...aComplaint, contact: { kind: 'phone', value: '12345' } },
      });
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual([{ field: 'contact.value', message: expect.stringContaining('phone') }]);
    });

    it('refuses a category the code of conduct does not list', async () => {
      const response = await server.request('POST', '/api/complaints', { body: { ...aComplaint, category: 'weather' } });
      expect(response.status).toBe(400);
      expect(response.body.fields[0].field).toBe('category');
    });

    it('answers malformed JSON with a 400 and a code', async () => {
      const response = await server.request('POST', '/api/complaints', { body: '{"channel": ' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_json' });
    });
  });

  describe('fetching by reference', () => {
    it('accepts the reference as a person might type it', async () => {
      const created = await file();
      const typed = created.reference.replace('-', ' ').toLowerCase();
      const response = await server.request('GET', `/api/complaints/${encodeURIComponent(typed)}`);
      expect(response.status).toBe(200);
      expect(response.body.reference).toBe(created.reference);
    });

    it('catches a mistyped character', async () => {
      const created = await file();
      const last = created.reference.at(-1);
      const typo = created.reference.slice(0, -1) + (last === 'X' ? 'Y' : 'X');
      const response = await server.request('GET', `/api/complaints/${typo}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_reference', fields: [{ field: 'reference' }] });
    });

    it('answers 404 for a well-formed reference nobody has', async () => {
      const response = await server.request('GET', '/api/complaints/0000-0000');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'complaint_not_found' });
    });
  });

  describe('the workflow', () => {
    it('takes a complaint from receipt to closure, with every step in an intact history', async () => {
      const { reference } = await file();
      const handler = { 'x-staff-id': 'U-ALEX', 'x-staff-role': 'handler' };
      const steps: [Record<string, unknown>, string][] = [
        [{ action: 'acknowledge' }, 'acknowledged'],
        [{ action: 'assign', assigneeId: 'U-ALEX' }, 'acknowledged'],
        [
          {
            action: 'assess',
            assessment: { severity: 'medium', impact: 'low', complexity: 'low', urgency: 'medium', healthOrSafety: false },
          },
          'assessed',
        ],
        [{ action: 'start_investigation' }, 'investigating'],
        [{ action: 'request_information', question: 'Which address was it sent to?' }, 'awaiting_customer'],
        [{ action: 'receive_information', message: 'My work address.' }, 'investigating'],
        [{ action: 'propose_response', outcome: 'Replacement sent', explanation: 'The courier left it at the wrong door.' }, 'response_proposed'],
        [{ action: 'accept_response' }, 'resolved'],
        [{ action: 'close', outcome: 'Replacement delivered', rootCause: 'third-party' }, 'closed'],
      ];
      for (const [body, status] of steps) {
        const response = await act(reference, body, handler);
        expect({ action: body.action, status: response.status, stage: response.body.status }).toEqual({
          action: body.action,
          status: 200,
          stage: status,
        });
      }

      const fetched = await server.request('GET', `/api/complaints/${reference}`);
      expect(fetched.body).toMatchObject({
        assigneeId: 'U-ALEX',
        priority: 'medium',
        closure: { outcome: 'Replacement delivered', rootCause: 'third-party', acceptedByCustomer: true },
        allowedActions: ['reopen'],
      });

      const history = await server.request('GET', `/api/complaints/${reference}/history`);
      expect(history.status).toBe(200);
      expect(history.body.integrity).toMatchObject({ intact: true, events: 10 });
      expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
        'complaint.received',
        'complaint.acknowledged',
        'complaint.assigned',
        'complaint.assessed',
        'complaint.investigation_started',
        'complaint.information_requested',
        'complaint.information_received',
        'complaint.response_proposed',
        'complaint.response_accepted',
        'complaint.closed',
      ]);
      expect(history.body.events[1]).toMatchObject({ seq: 2, actor: 'staff:U-ALEX', data: { from: 'received', to: 'acknowledged' } });
      expect(JSON.stringify(history.body)).not.toContain('7911123456');
    });

    it('refuses to close with a root cause the code of conduct does not list, naming the field, and changes nothing', async () => {
      const { reference } = await file();
      const supervisor = { 'x-staff-id': 'U-SAM', 'x-staff-role': 'supervisor' };
      const refused = await act(reference, { action: 'close', outcome: 'Refunded', rootCause: 'courier-error' }, supervisor);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'rootCause', message: expect.stringContaining('must be one of process, people, product') }],
      });
      expect((await server.request('GET', `/api/complaints/${reference}`)).body.status).toBe('received');
    });

    it('stops the code of conduct clock while waiting for the customer', async () => {
      // Received Mon 2 Mar 2026 10:00 GMT. Default code: final response by close of the 20th business day after
      // receipt, Mon 30 Mar 17:00 BST (16:00Z).
      const { reference, deadlines } = await file({ acknowledge: true });
      const finalDue = () => deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_final_response');
      expect(finalDue().dueAt).toBe('2026-03-30T16:00:00.000Z');
      const assessment = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };
      await act(reference, { action: 'assess', assessment });
      await act(reference, { action: 'start_investigation' });
      server.clock.set('2026-03-03T10:00:00.000Z');
      try {
        const waiting = await act(reference, { action: 'request_information', question: 'When did you order?' });
        expect(waiting.body.deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_final_response').state).toBe('paused');

        // Answered Thu 5 Mar 10:00: the closes of business on Tuesday and Wednesday passed while waiting.
        server.clock.set('2026-03-05T10:00:00.000Z');
        const resumed = await act(reference, { action: 'receive_information', message: 'On 20 February.' });
        expect(resumed.body.status).toBe('investigating');
        expect(resumed.body.deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_final_response')).toMatchObject({
          dueAt: '2026-04-01T16:00:00.000Z',
          state: 'running',
        });
      } finally {
        server.clock.set('2026-03-02T10:00:00.000Z');
      }
    });

    it('answers a step the workflow forbids with 409 and the steps it allows', async () => {
      const { reference } = await file();
      const response = await act(reference, { action: 'close', outcome: 'Nothing to do' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        code: 'complaint_invalid_transition',
        status: 'received',
        allowed: expect.arrayContaining(['acknowledge', 'withdraw']),
      });
      expect(response.body.allowed).not.toContain('close');
    });

    it('refuses a handler what only a supervisor may do, and changes nothing', async () => {
      const { reference } = await file({ acknowledge: true });
      await act(reference, { action: 'assign', assigneeId: 'U-SAM' }, { 'x-staff-id': 'U-SAM' });
      const response = await act(reference, { action: 'assign', assigneeId: 'U-ALEX' }, { 'x-staff-id': 'U-ALEX', 'x-staff-role': 'handler' });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('complaint_reassign_needs_supervisor');
      expect((await server.request('GET', `/api/complaints/${reference}`)).body.assigneeId).toBe('U-SAM');
    });

    it('takes a caller of the shared key who names no role for a handler, not a supervisor', async () => {
      const { reference } = await file({ acknowledge: true });
      for (const body of [
        { action: 'assess', assessment: { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false } },
        { action: 'start_investigation' },
        { action: 'propose_response', outcome: 'A refund of the delivery fee', explanation: 'The parcel was late.' },
      ]) {
        expect((await act(reference, body)).status).toBe(200);
      }
      const close = { action: 'close', outcome: 'Refunded', rootCause: 'third-party' };
      const refused = await act(reference, close);
      expect(refused.status).toBe(403);
      expect((await server.request('GET', `/api/complaints/${reference}`)).body.status).toBe('response_proposed');
      expect((await act(reference, close, { 'x-staff-id': 'U-SAM', 'x-staff-role': 'supervisor' })).status).toBe(200);
    });

    it('never lets someone named in the complaint handle it', async () => {
      const { reference } = await file({ involvedStaffIds: ['U-DRIVER'] });
      const response = await act(reference, { action: 'assign', assigneeId: 'U-DRIVER' });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('complaint_handler_involved');
    });

    it('validates action bodies field by field', async () => {
      const { reference } = await file();
      const response = await act(reference, { action: 'assess', assessment: { severity: 'huge' } });
      expect(response.status).toBe(400);
      expect(response.body.fields.map((f: { field: string }) => f.field)).toEqual(
        expect.arrayContaining(['assessment.severity', 'assessment.impact']),
      );
      const unknown = await act(reference, { action: 'teleport' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields[0].field).toBe('action');
    });
  });

  describe('notes, disclosure and history', () => {
    it('keeps internal notes in the history and keeps the chain intact under concurrent writers', async () => {
      const { reference } = await file();
      const notes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          server.request('POST', `/api/complaints/${reference}/notes`, { body: { text: `Called the courier, try ${i}` } }),
        ),
      );
      expect(notes.map((n) => n.status)).toEqual(Array(8).fill(201));
      const history = await server.request('GET', `/api/complaints/${reference}/history`);
      expect(history.body.integrity).toMatchObject({ intact: true, events: 9 });
      expect(history.body.events.filter((e: { type: string }) => e.type === 'note.added')).toHaveLength(8);
    });

    it('sends a staff reply to the customer through the outbox, and never a note', async () => {
      const { reference } = await file();
      const db = server.app.get(DataSource);
      await server.request('POST', `/api/complaints/${reference}/notes`, { body: { text: 'Courier is useless' } });
      const replied = await server.request('POST', `/api/complaints/${reference}/replies`, {
        body: { text: 'We have asked the courier to check.' },
      });
      expect(replied.status).toBe(201);
      const owed = await db.query(`SELECT channel, kind, recipient, payload FROM outbox_messages WHERE reference = '${reference}' AND channel <> 'scheduler'`);
      expect(owed).toHaveLength(1);
      expect(owed[0]).toMatchObject({ channel: 'sms', kind: 'staff_reply' });
      expect(JSON.parse(owed[0].recipient)).toEqual({ address: '+447911123456' });
      // the words are kept once, in the history: the message names the event they are in
      expect(JSON.parse(owed[0].payload)).toEqual({ key: 'staff_reply', variables: { from: 'Complaints team' }, language: 'en', textOf: expect.any(Number) });
      const history = await server.request('GET', `/api/complaints/${reference}/history`);
      expect(history.body.events.at(-1)).toMatchObject({ type: 'message.sent_to_customer', data: { channel: 'sms', text: 'We have asked the courier to check.' } });

      // and read back when it is sent: what reaches the channel says exactly what staff wrote
      await server.app.get(OutboxRelay).drain();
      const sent = sms.received.filter((message) => message.reference === reference && message.kind === 'staff_reply');
      expect(sent).toHaveLength(1);
      expect(server.app.get(MessageRenderer).render(sent[0].payload, 'sms')).toMatchObject({ text: 'We have asked the courier to check.', from: 'Complaints team' });
    });

    it('records in the case history a message to the customer that could not be delivered', async () => {
      const { reference } = await file({ contact: { kind: 'email', value: 'sam@example.com' } });
      await server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: 'Please call us.' } });
      await server.app.get(OutboxRelay).drain();
      const history = await server.request('GET', `/api/complaints/${reference}/history`);
      expect(history.body.events.at(-1)).toMatchObject({
        type: 'message.delivery_failed',
        actor: 'system:outbox',
        data: { channel: 'email', kind: 'staff_reply', error: 'No email channel is configured' },
      });
    });

    it('shows the full contact only on a recorded request with a reason', async () => {
      const { reference } = await file();
      const refused = await server.request('POST', `/api/complaints/${reference}/contact-disclosures`, { body: {} });
      expect(refused.status).toBe(400);
      const disclosed = await server.request('POST', `/api/complaints/${reference}/contact-disclosures`, {
        body: { reason: 'Customer asked for a call back' },
        headers: { 'x-staff-id': 'U-ALEX' },
      });
      expect(disclosed.body).toEqual({ kind: 'phone', value: '+447911123456' });
      const history = await server.request('GET', `/api/complaints/${reference}/history`);
      expect(history.body.events.at(-1)).toMatchObject({
        type: 'contact.disclosed',
        actor: 'staff:U-ALEX',
        reason: 'Customer asked for a call back',
      });
    });

    it('refuses to edit history, and names the first altered event when someone does it behind its back', async () => {
      const { reference } = await file();
      await act(reference, { action: 'acknowledge' });
      await server.request('POST', `/api/complaints/${reference}/notes`, { body: { text: 'Original note' } });
      const db = server.app.get(DataSource);
      await expect(db.query(`UPDATE case_events SET actor = 'staff:MALLORY' WHERE reference = '${reference}'`)).rejects.toThrow(
        /append-only/,
      );

      // Someone with direct access to the database disables the guard and rewrites the note.
      if (dialect === 'postgres') {
        await db.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only');
      } else {
        await db.query('DROP TRIGGER case_events_no_update');
      }
      await db.query(`UPDATE case_events SET data = '{"text":"Rewritten note"}' WHERE reference = '${reference}' AND seq = 3`);
      const history = await server.request('GET', `/api/complaints/${reference}/history`);
      expect(history.body.integrity).toEqual({ intact: false, events: 3, firstBrokenSeq: 3, problem: 'content_altered' });
    });
  });

  describe('listing', () => {
    it.each([
      ['page=0x10', [{ field: 'page', message: 'must be a whole number such as 1 or 2' }]],
      ['pageSize=1e2', [{ field: 'pageSize', message: 'must be a whole number such as 1 or 2' }]],
      ['page=0', [{ field: 'page', message: 'must be 1 or more' }]],
      ['colour=red&size=2', [{ field: 'colour', message: 'is not a field this takes' }, { field: 'size', message: 'is not a field this takes' }]],
    ])('refuses the query %s, naming each offending parameter', async (query, fields) => {
      const response = await server.request('GET', `/api/complaints?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation_failed', fields });
    });

    it('filters by status, category, assignee and overdue, and pages', async () => {
      const billing = [];
      for (let i = 0; i < 3; i++) billing.push((await file({ category: 'billing' })).reference);
      await act(billing[0], { action: 'acknowledge' });
      await act(billing[0], { action: 'assign', assigneeId: 'U-LIST' }, { 'x-staff-id': 'U-LIST' });

      const byCategory = await server.request('GET', '/api/complaints?category=billing&pageSize=2');
      expect(byCategory.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(byCategory.body.items).toHaveLength(2);
      const page2 = await server.request('GET', '/api/complaints?category=billing&pageSize=2&page=2');
      expect(page2.body.items).toHaveLength(1);
      const seen = [...byCategory.body.items, ...page2.body.items].map((c: { reference: string }) => c.reference);
      expect(seen.sort()).toEqual([...billing].sort());

      const mine = await server.request('GET', '/api/complaints?assignee=U-LIST');
      expect(mine.body.items.map((c: { reference: string }) => c.reference)).toEqual([billing[0]]);

      const acknowledged = await server.request('GET', '/api/complaints?category=billing&status=acknowledged,assessed');
      expect(acknowledged.body.total).toBe(1);

      const badStatus = await server.request('GET', '/api/complaints?status=lost');
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.fields[0].field).toMatch(/^status/);
    });

    it('finds overdue cases once a promised date has passed', async () => {
      const { reference } = await file({ category: 'accessibility' });
      const notYet = await server.request('GET', '/api/complaints?category=accessibility&overdue=true');
      expect(notYet.body.total).toBe(0);

      server.clock.set('2026-03-20T10:00:00.000Z'); // well past "acknowledge within 1 business day"
      try {
        const overdue = await server.request('GET', '/api/complaints?category=accessibility&overdue=true');
        expect(overdue.body.items.map((c: { reference: string }) => c.reference)).toEqual([reference]);
        expect(overdue.body.items[0].overdue).toBe(true);
        const onTime = await server.request('GET', '/api/complaints?category=accessibility&overdue=false');
        expect(onTime.body.total).toBe(0);
      } finally {
        server.clock.set('2026-03-02T10:00:00.000Z');
      }
    });
  });

  describe('published documents', () => {
    it('serves the OpenAPI document and a reference page that links to it', async () => {
      const json = await server.request('GET', '/docs/openapi.json', { auth: false });
      expect(json.status).toBe(200);
      expect(Object.keys(json.body.paths)).toEqual(
        expect.arrayContaining(['/api/complaints', '/api/complaints/{reference}', '/api/complaints/{reference}/actions']),
      );
      // the key is an opaque secret: nothing tells a client to expect a JWT
      expect(json.body.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', description: 'The staff API key' });
      const page = await server.request('GET', '/docs', { auth: false });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.text).toContain('<a href="/docs/openapi.json">OpenAPI 3 document (JSON)</a>');
      expect(page.text).toContain('<code>POST /api/complaints/{reference}/actions</code>');
      expect(page.text).toContain('<caption>Body for close</caption>');
      expect(page.text).not.toContain('<script');
    });

    it('publishes the code of conduct as a page and as JSON', async () => {
      const json = await server.request('GET', '/code-of-conduct.json', { auth: false });
      expect(json.status).toBe(200);
      expect(json.body.promises.length).toBeGreaterThan(0);
      const page = await server.request('GET', '/code-of-conduct', { auth: false });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain(json.body.promises[0].text.slice(0, 20));
    });
  });
});
