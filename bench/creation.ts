import autocannon from 'autocannon';
import { CpuMeter } from './cpu-meter.js';
import type { Figures } from './load.js';
import { send } from './http-client.js';
import { complaintBody, withStaffServer, type StaffServer } from './redress-server.js';
import { target } from './report.js';
import type { TwilioSink } from './servers/twilio-sink.js';

/** Staff clients keying in complaints at once, as in the figures the target was set against. */
export const CREATION_CLIENTS = 16;

/**
 * Before this work: 53 complaints/s against a bare endpoint's 5,028 requests/s in the same run (20,000 complaints,
 * SQLite, 2 cores). The target is five times that share of the bare endpoint.
 */
const BEFORE = { rate: 53, bare: 5028 };
export const CREATION_TARGET_SHARE = (5 * BEFORE.rate) / BEFORE.bare;

export interface CreationFigures extends Figures {
  /** Median time one complaint takes when it is the only one being made, in ms. */
  alone: number;
  /** Complaints in the database when the timed run ended. */
  complaints: number;
}

let numbered = 0;

/** Drives POST /api/complaints with `clients` concurrent staff clients for `seconds`; each body is a new complaint. */
export async function driveCreation(server: StaffServer, seconds: number, clients = CREATION_CLIENTS): Promise<autocannon.Result> {
  return autocannon({
    url: `${server.url}/api/complaints`,
    connections: clients,
    duration: seconds,
    requests: [{ method: 'POST', headers: server.headers, setupRequest: (request) => ({ ...request, body: complaintBody(numbered++) }) }],
  });
}

/** One complaint at a time: what a single staff member waits for. */
async function alone(server: StaffServer, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const answer = await send(`${server.url}/api/complaints`, { method: 'POST', headers: server.headers, body: complaintBody(numbered++) });
    if (answer.status !== 201) throw new Error(`creating a complaint answered ${answer.status}: ${answer.body}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * Complaint creation through the staff API on the built server (SQLite): a warm-up that also fills the table, then
 * `seconds` of CREATION_CLIENTS clients, then 200 complaints one at a time.
 */
export async function complaintCreation(sink: TwilioSink, seconds: number): Promise<CreationFigures> {
  return withStaffServer(sink, async (server) => {
    await driveCreation(server, Math.min(3, seconds));
    const meter = new CpuMeter(server.pid);
    meter.begin();
    const result = await driveCreation(server, seconds);
    const cpu = meter.end(result.requests.total);
    const single = await alone(server, 200);
    const count = await send(`${server.url}/api/complaints?pageSize=1`, { headers: server.headers });
    const { total } = JSON.parse(count.body) as { total: number };
    return {
      name: `complaint creation, staff API, ${CREATION_CLIENTS} clients`,
      rate: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
      cpu,
      alone: single,
      complaints: total,
    };
  });
}

/** The creation target's TARGET line, against the bare endpoint of the same run. */
export function creationTarget(creation: CreationFigures, bareRate: number): void {
  const share = creation.rate / bareRate;
  target(
    'complaint creation',
    `${creation.rate.toFixed(0)} complaints/s with ${CREATION_CLIENTS} clients = ${share.toFixed(4)} of the bare endpoint's ${bareRate.toFixed(0)} req/s`,
    `at least ${CREATION_TARGET_SHARE.toFixed(4)}, five times the ${BEFORE.rate}/s against ${BEFORE.bare} req/s before`,
    share >= CREATION_TARGET_SHARE,
  );
}

/** What the creation row measured beside its target. */
export function printCreation(creation: CreationFigures): void {
  console.log(
    `complaint creation: ${creation.rate.toFixed(0)}/s with ${CREATION_CLIENTS} clients (p50 ${creation.p50} ms, p99 ${creation.p99} ms, ${creation.errors} errors,` +
      ` server CPU ${creation.cpu?.server.toFixed(2) ?? 'n/a'} ms a complaint); one alone ${creation.alone.toFixed(1)} ms; ${creation.complaints} complaints in the database`,
  );
}
