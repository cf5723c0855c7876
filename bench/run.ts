import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import twilio from 'twilio';
import { WebSocket } from 'ws';
import { healthy, startChild } from './child.js';
import { CpuMeter, type CpuPerTurn } from './cpu-meter.js';
import { dialogsAlone } from './dialogs-alone.js';
import { CONNECTIONS, measure, perConnection, type Figures } from './load.js';
import { TwilioSink } from './servers/twilio-sink.js';
import { twilioSendAlone } from './twilio-send-alone.js';
import { send } from './http-client.js';
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
      new CpuMeter(server.pid),
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
      new CpuMeter(server.pid),
    );
  } finally {
    await server.stop();
  }
}

/**
 * Customer messages that keep a conversation cycling through real dialog turns (none is an SMS carrier keyword). Each
 * is answered with the main menu, perhaps after a greeting, so a turn ends when the menu's choices arrive.
 */
const SCRIPT = ['menu', 'start again'];
const SMS_CHOICES = 'Reply 1 for';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The real server on its embedded defaults (SQLite in a fresh directory), with SMS pointed at a local sink. */
async function withRedress<T>(sink: TwilioSink, work: (url: string, env: Record<string, string>, meter: CpuMeter) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // 50 conversations from one address, each sending several messages a second: far past what people do
    CHAT_STARTS_PER_MINUTE: '1000000',
    CHAT_MESSAGES_PER_MINUTE: '1000000',
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://redress.example.org',
    TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
    TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    TWILIO_PHONE_NUMBER: '+447700900123',
    TWILIO_API_URL: sink.url,
  };
  const server = await startChild(here('../src/main.js'), env, () => healthy(url));
  try {
    return await work(url, env, new CpuMeter(server.pid));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A customer's Web Chat: posts over HTTP, hears the bot on the Direct Line WebSocket stream, as DirectLineJS does. */
interface WebChatCustomer {
  base: string;
  headers: Record<string, string>;
  socket: WebSocket;
  turn: number;
  /** Resolves the turn waiting for the reply (the menu, with its buttons) to this activity id. */
  waiting: Map<string, () => void>;
  /** Replies that came over the stream before the post that prompted them was answered. */
  early: Set<string>;
}

async function openWebChat(url: string, customer: number): Promise<WebChatCustomer> {
  const started = await send(`${url}/v3/directline/conversations`, { method: 'POST' });
  const { conversationId, token, streamUrl } = JSON.parse(started.body) as { conversationId: string; token: string; streamUrl: string };
  // the stream's address is public (PUBLIC_URL), as a reverse proxy would serve it; the bench talks to the server directly
  const stream = new URL(streamUrl);
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}${stream.pathname}${stream.search}`);
  const waiting = new Map<string, () => void>();
  const early = new Set<string>();
  socket.on('message', (data: Buffer) => {
    if (data.length === 0) return;
    const { activities } = JSON.parse(data.toString('utf8')) as { activities: { replyToId?: string; suggestedActions?: object }[] };
    for (const { replyToId, suggestedActions } of activities) {
      if (replyToId === undefined || suggestedActions === undefined) continue;
      const resolve = waiting.get(replyToId);
      if (resolve) resolve();
      else early.add(replyToId);
      waiting.delete(replyToId);
    }
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    base: `${url}/v3/directline/conversations/${conversationId}/activities`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    socket,
    turn: customer,
    waiting,
    early,
  };
}

async function webChatTurn(sink: TwilioSink): Promise<Figures> {
  return withRedress(sink, async (url, _env, meter) => {
    const customers = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => openWebChat(url, i)));
    try {
      return await driveTurns(
        'Redress web chat turn (Direct Line)',
        async (i) => {
          const c = customers[i];
          const clientActivityID = randomUUID();
          const posted = await send(c.base, {
            method: 'POST',
            headers: c.headers,
            body: JSON.stringify({ type: 'message', from: { id: `user-${i}` }, text: SCRIPT[c.turn++ % SCRIPT.length], channelData: { clientActivityID } }),
          });
          if (posted.status !== 200) throw new Error(`post answered ${posted.status}`);
          const { id } = JSON.parse(posted.body) as { id: string };
          if (c.early.delete(id)) return;
          await new Promise<void>((resolve) => c.waiting.set(id, resolve));
        },
        SECONDS,
        meter,
      );
    } finally {
      for (const c of customers) c.socket.close();
    }
  });
}

async function smsTurn(sink: TwilioSink): Promise<Figures> {
  return withRedress(sink, async (url, env, meter) => {
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
        const replied = sink.nextTo(from, (body) => body.includes(SMS_CHOICES));
        const answer = await send(`${url}/webhooks/twilio/sms`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilio.getExpectedTwilioSignature(env.TWILIO_AUTH_TOKEN, webhook, fields),
          },
          body: new URLSearchParams(fields).toString(),
        });
        if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
        // The turn is over when the last text of the reply, the one with the choices, reaches Twilio: after the
        // dialog, the database and the outbox.
        await replied;
      },
      SECONDS,
      meter,
    );
  });
}

const ms = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(2));

function print(rows: Figures[]): void {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(line(['scenario', 'turns/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU ms/turn', 'load CPU ms/turn']));
  console.log(line(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const r of rows) {
    console.log(line([r.name, r.rate.toFixed(0), String(r.p50), String(r.p99), String(r.errors), ms(r.cpu?.server), ms(r.cpu?.load)]));
  }
}

/** CPU, in ms over all cores, that one turn may take at most if turns are to come at `rate` a second. */
const budgetAt = (rate: number) => (availableParallelism() * 1000) / rate;
const total = (cpu: CpuPerTurn | undefined) => (cpu ? cpu.server + cpu.load : undefined);

const sink = await new TwilioSink().start();
try {
  const [bare, echo, dialogs] = [await bareNest(), await echoBot(), await dialogsAlone(SCRIPT, SECONDS)];
  const [web, sms] = [await webChatTurn(sink), await smsTurn(sink)];
  const twilioSend = await twilioSendAlone(sink);
  print([bare, echo, dialogs, web, sms]);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log('');
  console.log(`SMS turn rate ≥ 1/3 of the bare endpoint: ${verdict(sms.rate >= bare.rate / 3)} (${(sms.rate / bare.rate).toFixed(2)})`);
  console.log(`web chat turn rate ≥ 1/4 of the bare endpoint: ${verdict(web.rate >= bare.rate / 4)} (${(web.rate / bare.rate).toFixed(2)})`);
  console.log(`both above the in-memory echo bot: ${verdict(sms.rate > echo.rate && web.rate > echo.rate)}`);
  console.log(`p99 under 100 ms: ${verdict(sms.p99 < 100 && web.p99 < 100)} (SMS ${sms.p99} ms, web chat ${web.p99} ms)`);
  console.log(`(the dialogs alone, with no HTTP and no database, run at ${(dialogs.rate / bare.rate).toFixed(2)} of the bare endpoint)`);
  console.log('');
  console.log(`CPU a turn may take on all ${availableParallelism()} cores, load generator included, to reach its target rate:`);
  console.log(`  web chat ${ms(budgetAt(bare.rate / 4))} ms (it took ${ms(total(web.cpu))}), SMS ${ms(budgetAt(bare.rate / 3))} ms (it took ${ms(total(sms.cpu))})`);
  const [dialogsCpu, bareCpu] = [total(dialogs.cpu), total(bare.cpu)];
  console.log(`  for comparison, a turn of the dialogs alone took ${ms(dialogsCpu)} ms and of the echo bot ${ms(total(echo.cpu))} ms`);
  const floor = dialogsCpu === undefined || bareCpu === undefined ? undefined : dialogsCpu + bareCpu + twilioSend;
  console.log(`  one Twilio SDK send to the local stand-in took ${ms(twilioSend)} ms; an SMS turn takes at least the dialogs, one`);
  console.log(`  bare request (the webhook) and one send, ${ms(floor)} ms, before signature checks, persistence and the outbox`);
} finally {
  await sink.stop();
}
