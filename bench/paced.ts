import { CONNECTIONS, type Figures } from './load.js';
import { inTime } from './turn-driver.js';

/**
 * Offers turns at a steady `rate` a second in all, from CONNECTIONS customers each sending at its own even pace (its
 * first message at a random moment of its first interval, so they do not arrive together). A customer whose reply is
 * late sends its next message as soon as that reply arrives. Each turn's latency runs from the moment it was due,
 * not from when it could be sent, so a server that falls behind is not flattered by the load easing off for it.
 */
export async function drivePaced(name: string, turn: (customer: number) => Promise<void>, rate: number, seconds: number): Promise<Figures> {
  const interval = (CONNECTIONS / rate) * 1000;
  const run = async (duration: number) => {
    const latencies: number[] = [];
    let errors = 0;
    const start = performance.now();
    const until = start + duration * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, customer) => {
        let due = start + Math.random() * interval;
        while (due < until) {
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          try {
            await inTime(turn(customer));
            latencies.push(performance.now() - due);
          } catch {
            errors++;
          }
          due += interval;
        }
      }),
    );
    return { latencies, errors, took: (performance.now() - start) / 1000 };
  };
  await run(Math.min(2, seconds));
  const { latencies, errors, took } = await run(seconds);
  latencies.sort((a, b) => a - b);
  // tenths of a millisecond: an unloaded baseline answers in a few
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  return { name, rate: latencies.length / took, p50: at(0.5), p99: at(0.99), errors };
}
