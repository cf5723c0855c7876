import { createTwilioClient } from '../adapters/sms/twilio-client.js';
import { CpuMeter } from './cpu-meter.js';
import { CONNECTIONS } from './load.js';
import type { TwilioSink } from './servers/twilio-sink.js';

/**
 * CPU one text handed to the Twilio SDK takes, with the local stand-in for Twilio's API taking it in this process
 * too: the least an SMS reply can cost, before anything of Redress runs.
 */
export async function twilioSendAlone(sink: TwilioSink, sends = 5000): Promise<number> {
  const client = createTwilioClient(`AC${'0'.repeat(32)}`, '0'.repeat(32), 10_000, sink.url);
  const round = () =>
    Promise.all(
      Array.from({ length: CONNECTIONS }, (_, i) =>
        client.messages.create({ to: `+4474009${String(i).padStart(5, '0')}`, from: '+447700900123', body: 'Reply 1 for Yes.' }),
      ),
    );
  const rounds = Math.ceil(sends / CONNECTIONS);
  for (let r = 0; r < rounds / 5; r++) await round();
  const meter = new CpuMeter();
  meter.begin();
  for (let r = 0; r < rounds; r++) await round();
  return meter.end(rounds * CONNECTIONS)!.server;
}
