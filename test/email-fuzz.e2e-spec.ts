import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { InboundPipeline } from '../src/inbound/inbound-pipeline.js';
import { emailFixture } from './support/email-fixtures.js';
import { INBOUND_SIGNING_KEY, postToMailgunRoute } from './support/mailgun-posts.js';
import { SmtpInbox } from './support/smtp-inbox.js';
import { startApp, type RunningApp } from './support/test-app.js';

// Many requests against a whole server: minutes on a loaded machine.
jest.setTimeout(600_000);

const NOW = '2026-03-02T10:00:00.000Z';
const RUNS = { numRuns: 30 };

/** Strings as an attacker or a broken mail program sends them: any code unit, lone surrogates and controls included. */
const nasty = fc.oneof(fc.string({ unit: 'binary' }), fc.string(), fc.constantFrom('', ' ', '\u0000', '\ud800', '<>', '=?UTF-8?B?AAAA?=', 'a@b', '@', '<redress.x@y>'));
const header = fc.constantFrom('From', 'To', 'Subject', 'Message-ID', 'In-Reply-To', 'References', 'Content-Type', 'Auto-Submitted', 'Content-Transfer-Encoding');

describe('the inbound email webhook, fed what fast-check makes up', () => {
  let smtp: SmtpInbox;
  let server: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    smtp = await new SmtpInbox().start();
    server = await startApp('sqlite', { SMTP_URL: smtp.url, EMAIL_FROM: 'complaints@redress.example', EMAIL_INBOUND_SIGNING_KEY: INBOUND_SIGNING_KEY }, NOW);
    db = server.app.get(DataSource);
  });

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  const count = async () => Number((await db.query("SELECT COUNT(*) AS n FROM inbound_messages WHERE channel = 'email'"))[0].n);

  it('takes any signed message without a 500, and handles every one it stored', async () => {
    const base = emailFixture('new-complaint.eml');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          nasty,
          // a real message with headers changed or added: what a broken or hostile mail program sends
          fc.array(fc.tuple(header, nasty), { maxLength: 4 }).map((changes) =>
            changes.reduce((raw, [name, value]) => `${name}: ${value.replace(/[\r\n]/g, ' ')}\r\n${raw.replace(new RegExp(`^${name}: .*\r\n`, 'm'), '')}`, base),
          ),
        ),
        async (raw) => {
          const response = await postToMailgunRoute(server.baseUrl, raw, { timestamp: new Date(NOW) });
          expect(response.status).toBeLessThan(500);
          // an empty body-mime is the only thing refused
          expect(response.status).toBe(raw === '' ? 400 : 200);
        },
      ),
      RUNS,
    );
    await server.app.get(InboundPipeline).drain();
    const unhandled = await db.query("SELECT id, outcome, attempts FROM inbound_messages WHERE channel = 'email' AND handled_at IS NULL");
    expect(unhandled).toEqual([]);
    expect(await count()).toBeGreaterThan(0);
  });

  it('stores nothing for a post with fields of any shape that Mailgun did not sign', async () => {
    const before = await count();
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('timestamp', 'token', 'signature', 'body-mime', 'recipient'), nasty), async (fields) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.append(name, value);
        const response = await fetch(`${server.baseUrl}/webhooks/email/mailgun/mime`, { method: 'POST', body: form });
        expect(response.status).toBe(403);
      }),
      RUNS,
    );
    expect(await count()).toBe(before);
  });
});
