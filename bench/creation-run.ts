import { fileURLToPath } from 'node:url';
import { startChild } from './child.js';
import { complaintCreation, creationTarget, printCreation } from './creation.js';
import { CpuMeter } from './cpu-meter.js';
import { measure } from './load.js';
import { TwilioSink } from './servers/twilio-sink.js';

/**
 * The creation row alone, against the bare endpoint measured just before it: `npm run bench:creation [seconds]`.
 * `npm run bench` measures the same beside the turns.
 */
const SECONDS = Number(process.argv[2] ?? 10);

const bareServer = await startChild<{ port: number }>(fileURLToPath(new URL('./servers/bare-nest.js', import.meta.url)));
const bare = await measure(
  'bare NestJS endpoint',
  {
    url: `http://127.0.0.1:${bareServer.info.port}/turn`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'hello' }),
  },
  SECONDS,
  new CpuMeter(bareServer.pid),
).finally(() => bareServer.stop());

const sink = await new TwilioSink().start();
try {
  const creation = await complaintCreation(sink, SECONDS);
  console.log(`bare NestJS endpoint: ${bare.rate.toFixed(0)} req/s`);
  printCreation(creation);
  creationTarget(creation, bare.rate);
} finally {
  await sink.stop();
}
