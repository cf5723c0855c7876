import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(90_000);

// JSON.stringify writes a lone surrogate as the escape \ud800, exactly as a client would send one.
const LONE = '\ud800';
const REFERENCE = /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;

describe.each(dialects())('text that cannot be encoded or hides characters, on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(dialect);
  });

  afterAll(async () => {
    await server?.stop();
  });

  const history = async (reference: string) => (await server.request('GET', `/api/complaints/${reference}/history`)).body;

  it('records a staff API complaint, note and reply containing a lone surrogate and control characters, with an intact history', async () => {
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'webchat', value: 'conversation-hygiene' }, category: 'billing', description: `${LONE} lone\u0007 Jose\u0301` },
    });
    expect(filed.status).toBe(201);
    const { reference } = filed.body;
    expect((await server.request('GET', `/api/complaints/${reference}`)).body.description).toBe('\ufffd lone José');

    for (const [path, body] of [
      ['notes', { text: `note ${LONE}` }],
      ['replies', { text: `reply ${LONE}` }],
      ['contact-disclosures', { reason: `asked ${LONE}` }],
    ] as const) {
      expect((await server.request('POST', `/api/complaints/${reference}/${path}`, { body })).status).toBeLessThan(300);
    }
    const recorded = await history(reference);
    expect(recorded.integrity).toMatchObject({ intact: true });
    expect(JSON.stringify(recorded.events)).toContain('note \ufffd');
  });

  it('lets a web chat customer send a story containing a lone surrogate, and files it', async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    await client.waitForBot(/What would you like to do\?/);
    await client.answer('Make a complaint', /Please tell me what happened/);
    await client.answer(`The bill ${LONE} doubled without warning.`, /What is your complaint about\?/);
    await client.answer('Billing', /When did it happen\?/);
    await client.answer('yesterday', /What would put it right for you\?/);
    await client.answer('A refund', /How should we keep you updated\?/);
    await client.answer('In this chat', /Shall I send it\?/);
    const filed = await client.answer('Send it', REFERENCE);
    const reference = REFERENCE.exec(filed.text ?? '')![0];

    const complaint = (await server.request('GET', `/api/complaints/${reference}`)).body;
    expect(complaint.description).toBe('The bill \ufffd doubled without warning.');
    expect((await history(reference)).integrity).toMatchObject({ intact: true });
    expect(client.botTexts().join('\n')).not.toContain('Sorry, something went wrong');
  });
});
