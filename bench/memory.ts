import { readFileSync } from 'node:fs';
import { CONNECTIONS } from './load.js';
import type { Inspector } from './inspector.js';
import { drivePaced } from './paced.js';
import { benchNumber, smsTurn, WebChatCustomer, type RedressServer } from './redress.js';
import type { TwilioSink } from './servers/twilio-sink.js';
import { inTime } from './turn-driver.js';

/** A process's resident memory, in MB. */
export function residentMb(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!line) throw new Error(`no resident memory for process ${pid}`);
  return Number(line[1]) / 1024;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Memory {
  /** Resident memory, MB. */
  rss: number;
  /** The JavaScript heap in use after a full collection, MB. */
  heap: number;
}

/** The server's memory once its garbage is collected. */
async function collected(pid: number, inspector: Inspector): Promise<Memory> {
  const heap = await inspector.heapAfterCollectingMb();
  return { rss: residentMb(pid), heap };
}

const less = (a: Memory, b: Memory): Memory => ({ rss: a.rss - b.rss, heap: a.heap - b.heap });

export interface IdleMemory {
  conversations: number;
  /** What the web chat conversations, their streams still open, added. */
  webChat: Memory;
  /** What the SMS conversations added. */
  sms: Memory;
}

/**
 * Resident memory that idle conversations hold: `count` web chat conversations, each with one turn behind it and its
 * stream left open (a customer with the chat page still open), then `count` SMS conversations of one turn each.
 */
export async function idleConversations(server: RedressServer, sink: TwilioSink, inspector: Inspector, count = 1000): Promise<IdleMemory> {
  // a first turn of each kind, so that what every turn loads once (code, caches) is not counted as the conversations'
  await (await WebChatCustomer.open(server.url, 'idle-first')).turn().catch(() => undefined);
  await smsTurn(server, sink, benchNumber(99_999));
  await settle(1000);
  const before = await collected(server.pid, inspector);
  const customers: WebChatCustomer[] = [];
  try {
    for (let first = 0; first < count; first += CONNECTIONS) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(CONNECTIONS, count - first) }, (_, i) => WebChatCustomer.open(server.url, `idle-${first + i}`)),
      );
      await Promise.all(batch.map((customer) => inTime(customer.turn())));
      customers.push(...batch);
    }
    await settle(1000);
    const withWebChat = await collected(server.pid, inspector);
    for (let first = 0; first < count; first += CONNECTIONS) {
      await Promise.all(Array.from({ length: Math.min(CONNECTIONS, count - first) }, (_, i) => smsTurn(server, sink, benchNumber(first + i))));
    }
    await settle(1000);
    const withSms = await collected(server.pid, inspector);
    return { conversations: count, webChat: less(withWebChat, before), sms: less(withSms, withWebChat) };
  } finally {
    for (const customer of customers) customer.close();
  }
}

export interface Soak {
  minutes: number;
  rate: number;
  turns: number;
  errors: number;
  /** Memory after a full collection, every ten seconds. */
  samples: (Memory & { atSeconds: number })[];
  /** The highest of the soak's middle third and of its last third. */
  middle: Memory;
  last: Memory;
}

/** Turns a web chat conversation takes before its customer leaves it and starts another, in the soak. */
const TURNS_PER_CONVERSATION = 10;

/**
 * Runs turns at `rate` a second for `minutes`, half of the customers on web chat and half by SMS, each starting a new
 * conversation every few turns (so state kept per conversation would pile up), collecting the server's garbage and
 * reading its memory every ten seconds. Memory is bounded when the last third of the soak climbs no higher than its
 * middle third (the first third lets caches and the collector find their size).
 */
export async function soak(server: RedressServer, sink: TwilioSink, inspector: Inspector, minutes: number, rate: number): Promise<Soak> {
  const samples: (Memory & { atSeconds: number })[] = [];
  const started = performance.now();
  const sample = async () => samples.push({ atSeconds: (performance.now() - started) / 1000, ...(await collected(server.pid, inspector)) });
  const sampler = setInterval(() => void sample(), 10_000);
  const web = new Map<number, { customer: WebChatCustomer; turns: number }>();
  let nextNumber = 0;
  const numbers = new Map<number, { number: string; turns: number }>();
  try {
    const figures = await drivePaced(
      'soak',
      async (customer) => {
        if (customer % 2 === 0) {
          let held = web.get(customer);
          if (!held || held.turns >= TURNS_PER_CONVERSATION) {
            held?.customer.close();
            held = { customer: await WebChatCustomer.open(server.url, `soak-${customer}`), turns: 0 };
            web.set(customer, held);
          }
          held.turns++;
          await held.customer.turn();
        } else {
          let held = numbers.get(customer);
          if (!held || held.turns >= TURNS_PER_CONVERSATION) {
            // numbers the idle conversations did not use, each a new conversation
            held = { number: benchNumber(10_000 + (nextNumber++ % 80_000)), turns: 0 };
            numbers.set(customer, held);
          }
          held.turns++;
          await smsTurn(server, sink, held.number);
        }
      },
      rate,
      minutes * 60,
    );
    clearInterval(sampler);
    await sample();
    const highest = (from: number, to: number): Memory => {
      const within = samples.filter((s) => s.atSeconds >= from * minutes * 60 && s.atSeconds <= to * minutes * 60);
      return { rss: Math.max(...within.map((s) => s.rss)), heap: Math.max(...within.map((s) => s.heap)) };
    };
    return {
      minutes,
      rate,
      turns: Math.round(figures.rate * minutes * 60),
      errors: figures.errors,
      samples,
      middle: highest(1 / 3, 2 / 3),
      last: highest(2 / 3, 2),
    };
  } finally {
    clearInterval(sampler);
    for (const { customer } of web.values()) customer.close();
  }
}
