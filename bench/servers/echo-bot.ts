import { createServer } from 'node:http';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
  type Request as BotRequest,
  type Response as BotResponse,
} from 'botbuilder';

/**
 * Baseline: botbuilder's own echo bot (BotBuilder-Samples 02.echo-bot) behind CloudAdapter, with its turn count
 * kept in in-memory conversation state. Its replies go to a local sink, as a channel would take them.
 */
class EchoBot extends ActivityHandler {
  constructor(state: ConversationState) {
    super();
    const turns = state.createProperty<number>('turns');
    this.onMessage(async (context, next) => {
      const count = (await turns.get(context, 0)) + 1;
      await turns.set(context, count);
      await context.sendActivity(`Echo: ${context.activity.text} (${count})`);
      await next();
    });
    this.onTurn(async (context, next) => {
      await next();
      await state.saveChanges(context);
    });
  }
}

const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"1"}');
  });
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new EchoBot(new ConversationState(new MemoryStorage()));

const server = createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', () => {
    const request = { body: JSON.parse(raw), headers: req.headers, method: req.method } as unknown as BotRequest;
    const response = {
      socket: res.socket,
      header: (name: string, value: unknown) => res.setHeader(name, value as string),
      send: (body?: unknown) => res.end(body === undefined ? undefined : JSON.stringify(body)),
      status: (code: number) => {
        res.statusCode = code;
      },
      end: () => res.end(),
    } as unknown as BotResponse;
    adapter.process(request, response, (context) => bot.run(context)).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;
const sinkPort = (sink.address() as { port: number }).port;
process.stdout.write(`${JSON.stringify({ port, serviceUrl: `http://127.0.0.1:${sinkPort}` })}\n`);
