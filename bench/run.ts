import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import twilio from 'twilio';
import { healthy, startChild } from './child.js';
import { CONNECTIONS, measure, perConnection, type Figures } from './load.js';
import { TwilioSink } from './servers/twilio-sink.js';
import { driveTurns } from './turn-driver.js';

const SECONDS = Number(process.argv[2] ?? 10);
const here = (script: string) => fileURLToPath(new URL(script, import.meta.url));

async function bareNest(): Promise<Figures> {
  const server = await startChild<{ port: number }>(here('./servers/bare-nest.js'));
  try {
    return await measure(
      'bare NestJS endpoint',
      {
        url: `http://127.0.0.1:${server.info.port}/turn`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'hello' }),
      },
      SECONDS,
    );
  } finally {
    await server.stop();
  }
}

async function echoBot(): Promise<Figures> {
  const server = await startChild<{ port: number; serviceUrl: string }>(here('./servers/echo-bot.js'));
  const conversation = perConnection((i) => `bench-conversation-${i}`);
  const activity = (id: string) => ({
    type: 'message',
    id: randomUUID(),
    channelId: 'bench',
    serviceUrl: server.info.serviceUrl,
    conversation: { id },
    from: { id: `user-${id}` },
    recipient: { id: 'bot' },
    text: 'hello',
  });
  try {
    return await measure(
      'botbuilder echo bot, in-memory state',
      {
        url: `http://127.0.0.1:${server.info.port}`,
        requests: [
          {
            method: 'POST',
            path: '/api/messages',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request, context) => ({ ...request, body: JSON.stringify(activity(conversation(context))) }),
          },
        ],
      },
      SECONDS,
    );
  } finally {
    await server.stop();
  }
}

/** Customer messages that keep a conversation cycling through real dialog turns (none is an SMS carrier keyword). */
const SCRIPT = ['menu', 'start again'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The real server on its embedded defaults (SQLite in a fresh directory), with SMS pointed at a local sink. */
async function withRedress<T>(sink: TwilioSink, work: (url: string, env: Record<string, string>) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://redress.example.org',
    TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
    TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    TWILIO_PHONE_NUMBER: '+447700900123',
    TWILIO_API_URL: sink.url,
  };
  const server = await startChild(here('../src/main.js'), env, () => healthy(url));
  try {
    return await work(url, env);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function webChatTurn(sink: TwilioSink): Promise<Figures> {
  return withRedress(sink, async (url) => {
    const conversations = await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const started = await fetch(`${url}/v3/directline/conversations`, { method: 'POST' });
        const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };
        return { conversationId, token, watermark: '', turn: 0 };
      }),
    );
    return driveTurns(
      'Redress web chat turn (Direct Line)',
      async (customer) => {
        const c = conversations[customer];
        const base = `${url}/v3/directline/conversations/${c.conversationId}/activities`;
        const headers = { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' };
        const text = SCRIPT[c.turn++ % SCRIPT.length];
        const posted = await fetch(base, {
          method: 'POST',
          headers,
          body: JSON.stringify({ type: 'message', from: { id: `user-${customer}` }, text, channelData: { clientActivityID: randomUUID() } }),
        });
        if (posted.status !== 200) throw new Error(`post answered ${posted.status}`);
        const { id } = (await posted.json()) as { id: string };
        // Poll as Web Chat does, until the bot's reply to this message is there.
        for (;;) {
          const polled = await fetch(`${base}?watermark=${c.watermark}`, { headers });
          const page = (await polled.json()) as { activities: { replyToId?: string }[]; watermark: string };
          c.watermark = page.watermark;
          if (page.activities.some((a) => a.replyToId === id)) return;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      },
      SECONDS,
    );
  });
}

async function smsTurn(sink: TwilioSink): Promise<Figures> {
  return withRedress(sink, async (url, env) => {
    const webhook = `${env.PUBLIC_URL}/webhooks/twilio/sms`;
    return driveTurns(
      'Redress SMS turn (signed Twilio webhook)',
      async (customer) => {
        const from = `+4474009${String(customer).padStart(5, '0')}`;
        const sid = `SM${randomBytes(16).toString('hex')}`;
        const fields: Record<string, string> = {
          ToCountry: 'GB', ToState: '', SmsMessageSid: sid, NumMedia: '0', ToCity: '', FromZip: '', SmsSid: sid,
          FromState: '', SmsStatus: 'received', FromCity: '', Body: SCRIPT[Math.floor(Math.random() * SCRIPT.length)],
          FromCountry: 'GB', To: env.TWILIO_PHONE_NUMBER, ToZip: '', NumSegments: '1', MessageSid: sid,
          AccountSid: env.TWILIO_ACCOUNT_SID, From: from, ApiVersion: '2010-04-01',
        };
        const replied = sink.nextTo(from);
        const answer = await fetch(`${url}/webhooks/twilio/sms`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilio.getExpectedTwilioSignature(env.TWILIO_AUTH_TOKEN, webhook, fields),
          },
          body: new URLSearchParams(fields).toString(),
        });
        if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
        await answer.text();
        // The turn is over when the reply reaches Twilio, after the dialog, the database and the outbox.
        await replied;
      },
      SECONDS,
    );
  });
}

function print(rows: Figures[]): void {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(line(['scenario', 'turns/s', 'p50 ms', 'p99 ms', 'errors']));
  console.log(line(['---', '---:', '---:', '---:', '---:']));
  for (const r of rows) console.log(line([r.name, r.rate.toFixed(0), String(r.p50), String(r.p99), String(r.errors)]));
}

const sink = await new TwilioSink().start();
try {
  const [bare, echo] = [await bareNest(), await echoBot()];
  const [web, sms] = [await webChatTurn(sink), await smsTurn(sink)];
  print([bare, echo, web, sms]);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log('');
  console.log(`SMS turn rate ≥ 1/3 of the bare endpoint: ${verdict(sms.rate >= bare.rate / 3)} (${(sms.rate / bare.rate).toFixed(2)})`);
  console.log(`web chat turn rate ≥ 1/4 of the bare endpoint: ${verdict(web.rate >= bare.rate / 4)} (${(web.rate / bare.rate).toFixed(2)})`);
  console.log(`both above the in-memory echo bot: ${verdict(sms.rate > echo.rate && web.rate > echo.rate)}`);
  console.log(`p99 under 100 ms: ${verdict(sms.p99 < 100 && web.p99 < 100)} (SMS ${sms.p99} ms, web chat ${web.p99} ms)`);
} finally {
  await sink.stop();
}
