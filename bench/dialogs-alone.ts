import { ActivityTypes, MemoryStorage, TestAdapter, type ConversationReference } from 'botbuilder';
import { RedressBot } from '../dialogs/redress-bot.js';
import { TEST_CHANNELS } from '../dialogs/testing/channels.js';
import { FakeCustomerDesk } from '../dialogs/testing/fake-customer-desk.js';
import { CpuMeter } from './cpu-meter.js';
import { CONNECTIONS, type Figures } from './load.js';

/**
 * Redress's dialogs alone: the same customer messages as the real turns, through botbuilder's TestAdapter with
 * memory storage and an in-memory desk, in this process with no HTTP and no database. No server can run a turn
 * faster than this, so it shows how much of a turn the dialogs themselves take.
 */
export async function dialogsAlone(script: string[], seconds: number): Promise<Figures> {
  const clock = { now: () => new Date() };
  const bot = new RedressBot(new MemoryStorage(), new FakeCustomerDesk(clock), clock, TEST_CHANNELS);
  const adapters = Array.from({ length: CONNECTIONS }, (_, i) => {
    const reference: Partial<ConversationReference> = {
      channelId: 'directline',
      conversation: { id: `bench-${i}`, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: `customer-${i}`, name: 'customer' },
      bot: { id: 'redress', name: 'Redress' },
      serviceUrl: 'https://example.test',
    };
    return new TestAdapter(reference as ConversationReference);
  });
  const turn = async (i: number, n: number) => {
    const adapter = adapters[i];
    await adapter.processActivity({ type: ActivityTypes.Message, text: script[n % script.length], locale: 'en-GB' }, (context) => bot.run(context));
    adapter.activeQueue.splice(0);
  };
  const run = async (duration: number) => {
    const latencies: number[] = [];
    const until = performance.now() + duration * 1000;
    let n = 0;
    while (performance.now() < until) {
      // one turn of each conversation at a time, as CONNECTIONS customers waiting for their replies would send them
      const started = performance.now();
      await Promise.all(adapters.map((_, i) => turn(i, n)));
      const took = performance.now() - started;
      for (let i = 0; i < CONNECTIONS; i++) latencies.push(took);
      n++;
    }
    return latencies;
  };
  await run(Math.min(2, seconds));
  const meter = new CpuMeter();
  meter.begin();
  const latencies = await run(seconds);
  const cpu = meter.end(latencies.length);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { name: 'Redress dialogs alone (memory, no HTTP, no database)', rate: latencies.length / seconds, p50: at(0.5), p99: at(0.99), errors: 0, cpu };
}
