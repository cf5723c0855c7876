import autocannon, { type Options } from 'autocannon';
import { CpuMeter, type CpuPerTurn } from './cpu-meter.js';

export interface Figures {
  name: string;
  /** Completed turns per second. */
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU each turn took, where it could be measured. */
  cpu?: CpuPerTurn;
}

export const CONNECTIONS = 50;

/** Drives one endpoint with `CONNECTIONS` concurrent clients for `seconds`, after a short warm-up. */
export async function measure(name: string, options: Options, seconds: number, meter: CpuMeter): Promise<Figures> {
  await autocannon({ ...options, connections: CONNECTIONS, duration: Math.min(2, seconds) });
  meter.begin();
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: seconds });
  const cpu = meter.end(result.requests.total);
  return {
    name,
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    cpu,
  };
}

/** Gives each autocannon connection its own number, so each can play one conversation. */
export function perConnection<T>(make: (index: number) => T): (context: object) => T {
  let next = 0;
  return (context) => {
    const slot = context as { conversation?: T };
    if (slot.conversation === undefined) slot.conversation = make(next++ % CONNECTIONS);
    return slot.conversation;
  };
}
