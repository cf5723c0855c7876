import type { CpuMeter } from './cpu-meter.js';
import { CONNECTIONS, type Figures } from './load.js';

/** Longest a turn may take before it counts as an error: a reply that never comes must not stop the bench. */
const TURN_TIMEOUT_MS = 30_000;

/** Runs one turn, failing it if its reply has not come within TURN_TIMEOUT_MS. */
export async function inTime(turn: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      turn,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no reply within ${TURN_TIMEOUT_MS} ms`)), TURN_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Drives CONNECTIONS customers, each sending a message and waiting until its reply is where the customer would see
 * it before sending the next (as autocannon's connections wait for their response). A turn's latency runs from
 * sending to seeing the reply, so work a server does after answering the request is counted too.
 */
export async function driveTurns(name: string, turn: (customer: number) => Promise<void>, seconds: number, meter: CpuMeter): Promise<Figures> {
  const run = async (duration: number) => {
    const latencies: number[] = [];
    let errors = 0;
    const until = performance.now() + duration * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, customer) => {
        while (performance.now() < until) {
          const started = performance.now();
          try {
            await inTime(turn(customer));
            latencies.push(performance.now() - started);
          } catch {
            errors++;
          }
        }
      }),
    );
    return { latencies, errors };
  };
  await run(Math.min(2, seconds));
  meter.begin();
  const { latencies, errors } = await run(seconds);
  const cpu = meter.end(latencies.length);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { name, rate: latencies.length / seconds, p50: at(0.5), p99: at(0.99), errors, cpu };
}
