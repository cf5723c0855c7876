import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startChild } from './child.js';
import { measure, perConnection, type Figures } from './load.js';

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

function print(rows: Figures[]): void {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(line(['scenario', 'turns/s', 'p50 ms', 'p99 ms', 'errors']));
  console.log(line(['---', '---:', '---:', '---:', '---:']));
  for (const r of rows) console.log(line([r.name, r.rate.toFixed(0), String(r.p50), String(r.p99), String(r.errors)]));
}

const rows = [await bareNest(), await echoBot()];
print(rows);
