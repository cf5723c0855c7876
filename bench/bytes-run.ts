import { bytesPerComplaint, printBytes } from './bytes-per-complaint.js';
import { TwilioSink } from './servers/twilio-sink.js';

/** `node dist/bench/bytes-run.js [complaints]`: the bytes-per-complaint row alone. */
const sink = await new TwilioSink().start();
try {
  printBytes(await bytesPerComplaint(sink, Number(process.argv[2] ?? 300)));
} finally {
  await sink.stop();
}
