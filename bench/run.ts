import { randomUUID } from 'node:crypto';
import { loadavg, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startChild } from './child.js';
import { CpuMeter } from './cpu-meter.js';
import { dialogsAlone } from './dialogs-alone.js';
import { send } from './http-client.js';
import { onPostgres } from './instances.js';
import { CONNECTIONS, measure, perConnection, type Figures } from './load.js';
import { Inspector } from './inspector.js';
import { idleConversations, soak, type Memory } from './memory.js';
import { drivePaced } from './paced.js';
import { benchNumber, freePort, SCRIPT, smsTurn, WebChatCustomer, withRedress, type RedressServer } from './redress.js';
import { printTable, target, times } from './report.js';
import { bytesPerComplaint, printBytes } from './bytes-per-complaint.js';
import { complaintCreation, creationTarget, printCreation } from './creation.js';
import { TwilioSink } from './servers/twilio-sink.js';
import { twilioSendAlone } from './twilio-send-alone.js';
import { driveTurns } from './turn-driver.js';

/**
 * `npm run bench [seconds] [--rounds=3] [--soak-minutes=10] [--only=turns,paced,memory,soak,postgres,creation,bytes] [--profile=DIR]`
 *
 * seconds: how long each measured run lasts (10); rounds: how many times the turn rows are measured. The soak lasts 10 minutes unless told otherwise. `--profile` writes
 * a CPU profile of the Redress servers of the turn rows into DIR. PostgreSQL rows need TEST_DATABASE_URL (the npm
 * script starts a throwaway cluster).
 */
const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SECONDS = Number(args.find((a) => /^\d+(\.\d+)?$/.test(a)) ?? 10);
const SOAK_MINUTES = Number(option('soak-minutes') ?? 10);
const ONLY = new Set((option('only') ?? 'turns,paced,memory,soak,postgres,creation,bytes').split(','));
const PROFILE = option('profile');
/** Rounds of the echo bot, web chat and SMS, one after the other; the verdicts are on the median round. */
const ROUNDS = Number(option('rounds') ?? 3);
const POSTGRES = process.env.TEST_DATABASE_URL;
const here = (script: string) => fileURLToPath(new URL(script, import.meta.url));

/** Targets, as multiples of the echo bot's figure in the same run. */
const CPU_TARGET = { webChat: 2.0, sms: 3.5 };
const P99_TARGET = { webChat: 3, sms: 6 };
/** The paced load offers this share of the echo bot's saturated rate. */
const PACE = 1 / 4;
/** The soak's memory is bounded when its last third peaks at most this much above its middle third. */
const SOAK_SLACK = 1.05;

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

/** Something whose turns are measured: saturated by 50 customers, or offered a steady rate. */
interface Subject {
  saturated(): Promise<Figures>;
  paced(rate: number): Promise<Figures>;
}

/** botbuilder's echo bot: autocannon saturates it; paced, each turn is one request answered once the reply is sent. */
async function withEchoBot<T>(work: (echo: Subject) => Promise<T>): Promise<T> {
  const server = await startChild<{ port: number; serviceUrl: string }>(here('./servers/echo-bot.js'));
  const activity = (id: string) =>
    JSON.stringify({
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
    const conversation = perConnection((i) => `bench-conversation-${i}`);
    return await work({
      saturated: () =>
        measure(
          'botbuilder echo bot, in-memory state',
          {
            url: `http://127.0.0.1:${server.info.port}`,
            requests: [
              {
                method: 'POST',
                path: '/api/messages',
                headers: { 'content-type': 'application/json' },
                setupRequest: (request, context) => ({ ...request, body: activity(conversation(context)) }),
              },
            ],
          },
          SECONDS,
          new CpuMeter(server.pid),
        ),
      paced: (rate) =>
        drivePaced(
          'botbuilder echo bot, paced',
          async (i) => {
            const answer = await send(`http://127.0.0.1:${server.info.port}/api/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: activity(`bench-conversation-${i}`),
            });
            if (answer.status >= 300) throw new Error(`echo bot answered ${answer.status}`);
          },
          rate,
          SECONDS,
        ),
    });
  } finally {
    await server.stop();
  }
}

const profiling = (name: string) => (PROFILE ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`, `--cpu-prof-name=${name}.cpuprofile`] } : {});

/** Redress's web chat turns on a fresh server, its 50 customers' conversations open throughout. */
function withWebChat<T>(sink: TwilioSink, work: (web: Subject) => Promise<T>): Promise<T> {
  return withRedress(
    sink,
    async ([server]) => {
      const customers = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => WebChatCustomer.open(server.url, `user-${i}`)));
      const turn = (i: number) => customers[i].turn();
      try {
        return await work({
          saturated: () => driveTurns('Redress web chat turn (Direct Line)', turn, SECONDS, new CpuMeter(server.pid)),
          paced: (rate) => drivePaced('Redress web chat turn, paced', turn, rate, SECONDS),
        });
      } finally {
        for (const customer of customers) customer.close();
      }
    },
    profiling('web-chat'),
  );
}

/** Redress's SMS turns on a fresh server. */
function withSms<T>(sink: TwilioSink, work: (sms: Subject) => Promise<T>): Promise<T> {
  return withRedress(
    sink,
    ([server]) => {
      const turn = (i: number) => smsTurn(server, sink, benchNumber(i));
      return work({
        saturated: () => driveTurns('Redress SMS turn (signed Twilio webhook)', turn, SECONDS, new CpuMeter(server.pid)),
        paced: (rate) => drivePaced('Redress SMS turn, paced', turn, rate, SECONDS),
      });
    },
    profiling('sms'),
  );
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/**
 * The echo bot and Redress's web chat and SMS turns, measured in rounds (echo, web chat, SMS, then again), their
 * servers all started before the first: the machine's load moves from minute to minute, so each ratio is taken
 * within a round, and the verdict is on the median round.
 */
async function turns(sink: TwilioSink): Promise<number> {
  return withEchoBot((echo) =>
    withWebChat(sink, (web) =>
      withSms(sink, async (sms) => {
        const cpu = { web: [] as number[], sms: [] as number[] };
        const rates: number[] = [];
        const ms = (f: Figures) => f.cpu?.server ?? Number.NaN;
        for (let round = 1; round <= ROUNDS; round++) {
          const rows = [await echo.saturated(), await web.saturated(), await sms.saturated()];
          console.log(`Saturated, round ${round} of ${ROUNDS} (load average ${loadavg()[0].toFixed(2)}):`);
          printTable(rows);
          console.log('');
          rates.push(rows[0].rate);
          cpu.web.push(ms(rows[1]) / ms(rows[0]));
          cpu.sms.push(ms(rows[2]) / ms(rows[0]));
        }
        const rounds = (ratios: number[]) => `${median(ratios).toFixed(2)}x the echo bot's in the median round (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})`;
        target('web chat server CPU per turn', rounds(cpu.web), `at most ${CPU_TARGET.webChat.toFixed(1)}x`, median(cpu.web) <= CPU_TARGET.webChat);
        target('SMS server CPU per turn', rounds(cpu.sms), `at most ${CPU_TARGET.sms.toFixed(1)}x`, median(cpu.sms) <= CPU_TARGET.sms);
        const pace = median(rates) * PACE;
        if (ONLY.has('paced')) {
          console.log('');
          const p99 = { web: [] as number[], sms: [] as number[] };
          for (let round = 1; round <= ROUNDS; round++) {
            const rows = [await echo.paced(pace), await web.paced(pace), await sms.paced(pace)];
            console.log(
              `Paced, round ${round} of ${ROUNDS}: ${CONNECTIONS} conversations offered ${pace.toFixed(0)} turns/s in all, a quarter of the echo bot's median saturated rate; latency from when each turn was due (load average ${loadavg()[0].toFixed(2)}):`,
            );
            printTable(rows);
            console.log('');
            p99.web.push(rows[1].p99 / rows[0].p99);
            p99.sms.push(rows[2].p99 / rows[0].p99);
          }
          target('web chat p99 at the paced load', rounds(p99.web), `at most ${P99_TARGET.webChat}x`, median(p99.web) <= P99_TARGET.webChat);
          target('SMS p99 at the paced load', rounds(p99.sms), `at most ${P99_TARGET.sms}x`, median(p99.sms) <= P99_TARGET.sms);
        }
        return pace;
      }),
    ),
  );
}

const mb = (m: Memory) => `${m.rss.toFixed(1)} MB resident, ${m.heap.toFixed(1)} MB of heap`;

/** Memory on a server the bench can collect the garbage of (its inspector on 127.0.0.1). */
async function memory(sink: TwilioSink, pace: number): Promise<void> {
  const port = await freePort();
  await withRedress(
    sink,
    async ([server]: RedressServer[]) => {
      const inspector = await Inspector.connect(port);
      try {
        if (ONLY.has('memory')) {
          const idle = await idleConversations(server, sink, inspector);
          const per = `per ${idle.conversations.toLocaleString('en')} idle conversations, after a full collection`;
          console.log(`REPORT memory ${per}, web chat (streams open): ${mb(idle.webChat)}`);
          console.log(`REPORT memory ${per}, SMS: ${mb(idle.sms)}`);
        }
        if (ONLY.has('soak')) {
          const result = await soak(server, sink, inspector, SOAK_MINUTES, pace);
          console.log(
            `Soak: ${result.minutes} min offered ${result.rate.toFixed(0)} turns/s (half web chat, half SMS, a new conversation every 10 turns): ${result.turns} turns, ${result.errors} errors; every 10 s after a full collection, resident MB / heap MB:`,
          );
          console.log(`  ${result.samples.map((s) => `${s.rss.toFixed(0)}/${s.heap.toFixed(0)}`).join(' ')}`);
          const rule = `no growth: the last third's peak at most ${Math.round((SOAK_SLACK - 1) * 100)}% above the middle third's`;
          const heapMet = result.last.heap <= result.middle.heap * SOAK_SLACK;
          const rssMet = result.last.rss <= result.middle.rss * SOAK_SLACK;
          target('memory over the soak', `last third ${mb(result.last)}; middle third ${mb(result.middle)}`, rule, heapMet && rssMet);
        }
      } finally {
        inspector.close();
      }
    },
    { nodeFlags: [`--inspect=127.0.0.1:${port}`] },
  );
}

console.log(
  `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the start, ${SECONDS} s a run`,
);
console.log('');
const sink = await new TwilioSink().start();
try {
  let bareRate: number | undefined;
  if (ONLY.has('turns') || ONLY.has('paced')) {
    // for scale: no server answers a request faster than the bare endpoint, nor runs a Redress turn faster than the dialogs alone
    const bare = await bareNest();
    bareRate = bare.rate;
    printTable([bare, await dialogsAlone(SCRIPT, SECONDS)]);
    console.log(`(one Twilio SDK send to the local stand-in takes ${(await twilioSendAlone(sink)).toFixed(2)} ms of CPU, the least an SMS reply can cost)`);
    console.log('');
  }
  if (ONLY.has('creation')) {
    const creation = await complaintCreation(sink, SECONDS);
    printCreation(creation);
    creationTarget(creation, bareRate ?? (await bareNest()).rate);
    console.log('');
  }
  if (ONLY.has('bytes')) {
    printBytes(await bytesPerComplaint(sink, 200));
    console.log('');
  }
  const pace = ONLY.has('turns') || ONLY.has('paced') ? await turns(sink) : await withEchoBot(async (echo) => (await echo.saturated()).rate * PACE);
  if (ONLY.has('memory') || ONLY.has('soak')) {
    console.log('');
    // the soak stays below saturation: it is there to find memory kept too long, not latency
    await memory(sink, pace / 2);
  }
  if (ONLY.has('postgres')) {
    console.log('');
    if (!POSTGRES) console.log('PostgreSQL: skipped, TEST_DATABASE_URL is not set (npm run bench starts a throwaway cluster when PostgreSQL is installed).');
    else {
      const one = await onPostgres(POSTGRES, sink, 1, SECONDS);
      const two = await onPostgres(POSTGRES, sink, 2, SECONDS);
      printTable([...one, ...two]);
      console.log('');
      for (const [i, channel] of ['web chat', 'SMS'].entries()) {
        console.log(
          `REPORT two instances against one on PostgreSQL, ${channel}: ${times(two[i].rate, one[i].rate)} the rate (${two[i].rate.toFixed(0)} / ${one[i].rate.toFixed(0)} turns/s), ${times(two[i].p99, one[i].p99)} the p99 (${two[i].p99} ms / ${one[i].p99} ms)`,
        );
      }
    }
  }
  console.log('');
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`);
} finally {
  await sink.stop();
}
