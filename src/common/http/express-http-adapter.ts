import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * NestJS's Express adapter, with an HTTP server that builds each request and response on Express's own prototypes.
 *
 * Express gives every request and response its prototype as it arrives (`Object.setPrototypeOf`). In V8 an object
 * whose prototype was changed, and everything it refers to, outlives the young generation's collections, so each
 * request, its parsed body and the whole turn run for it were moved to the old generation: about 2.7 MB every 150 ms
 * at 380 web chat turns a second, and a full collection every 10 to 15 s that slowed every turn for a few hundred
 * milliseconds. Built on Express's prototype from the start, the object is left as it is (setting a prototype an
 * object already has changes nothing), and a request's garbage dies young.
 */
export class ExpressHttpAdapter extends ExpressAdapter {
  // Redress serves plain HTTP behind its proxy: Nest's HTTPS and connection-closing options are not used
  override initHttpServer(): void {
    const app = this.getInstance<Express>();
    class Request extends IncomingMessage {}
    class Response extends ServerResponse<Request> {}
    // Express's own objects stay in the chain (they hold `app` and its methods); Express is told to use these
    Object.setPrototypeOf(Request.prototype, app.request);
    Object.setPrototypeOf(Response.prototype, app.response);
    app.request = Request.prototype as Express['request'];
    app.response = Response.prototype as unknown as Express['response'];
    this.setHttpServer(createServer({ IncomingMessage: Request, ServerResponse: Response }, app));
  }
}
