import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer, type WebSocket } from 'ws';
import { DomainError, HTTP_STATUS_OF } from '../../../src/common/domain-error.js';
import { fieldProblems } from '../../../src/common/http/zod-body.pipe.js';
import { CLOCK, type Clock } from '../../../src/complaints/clock.js';
import { APP_CONFIG } from '../../../src/config/config.module.js';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { DatabaseNotifications } from '../../../src/database/database-notifications.js';
import { loggableError } from '../turn-errors.js';
import { ActivitySignal } from './activity-signal.js';
import { ActivityStream } from './activity-stream.js';
import { ActivityStreamsRepository, STREAM_EVICTED_CHANNEL } from './activity-streams.repository.js';
import { ConversationTokens } from './conversation-tokens.js';
import { streamQuerySchema } from './direct-line.schemas.js';
import { streamConversationId } from './stream-url.js';
import { Transcript } from './transcript.js';

/**
 * Where PostgreSQL tells every instance of each activity stored, as `<conversation id> <seq>` (a trigger sends it: see
 * the migration WebChatActivityNotify).
 */
export const ACTIVITY_CHANNEL = 'redress_webchat_activity';
/** A ping at this interval keeps proxies from closing a quiet socket; a client that missed the last one is gone. */
const KEEP_ALIVE_MS = 30_000;
/** How long a client has to answer the closing handshake when the server stops, before its socket is cut. */
const CLOSE_GRACE_MS = 1_000;
/**
 * Streams one conversation may have open, across all instances on PostgreSQL. A chat page holds one, and briefly two
 * while it reconnects; a client opening more only holds memory and reads, so the oldest, the likeliest to be a dead
 * connection, is closed.
 */
export const MAX_STREAMS_PER_CONVERSATION = 4;
/**
 * How long a stream's row counts towards its conversation's cap on PostgreSQL unless its instance renews it (at every
 * keep-alive): three keep-alives, so that the streams of an instance that died stop counting within a minute and a half.
 */
export const STREAM_LEASE_SECONDS = 90;
/** The close code an evicted stream gets (4000–4999 are the application's). */
export const EVICTED = 4001;
/** Clients only ever send empty keep-alive frames. */
const MAX_FRAME_BYTES = 4096;

/**
 * Direct Line 3.0's WebSocket stream, at the streamUrl the conversation routes hand out:
 * `/v3/directline/conversations/{id}/stream?watermark=N&t=<token>`. The token is checked before the upgrade, and a
 * refused upgrade gets a plain HTTP answer and no frame. Then the stream sends what follows the watermark, and each
 * activity the moment it is committed: this instance's own signal tells it of its writes, and on PostgreSQL a
 * notification tells it of any instance's (after the listening connection drops and comes back, every open stream
 * reads from its watermark, so nothing committed meanwhile is missed). A read of every open stream every
 * WEBCHAT_STREAM_REREAD_SECONDS is only a safety net. The client still posts over HTTP, and may poll instead: both are
 * Direct Line.
 */
@Injectable()
export class ActivityStreams implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebChat');
  private readonly sockets = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: MAX_FRAME_BYTES });
  private readonly streams = new Map<string, Set<ActivityStream>>();
  /** PostgreSQL: this instance's streams by their row's id, once registered. */
  private readonly registered = new Map<string, ActivityStream>();
  private readonly rowIds = new WeakMap<ActivityStream, string>();
  /** PostgreSQL: registrations and row deletions under way, which shutdown lets end. */
  private readonly pending = new Set<Promise<unknown>>();
  private renewing: Promise<void> | null = null;
  private httpServer?: Server;
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => void)[] = [];
  private catchingUp: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly transcript: Transcript,
    private readonly tokens: ConversationTokens,
    private readonly signal: ActivitySignal,
    private readonly notifications: DatabaseNotifications,
    private readonly registry: ActivityStreamsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // an application context without HTTP has no streams to serve
    this.httpServer = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!this.httpServer) return;
    this.httpServer.on('upgrade', this.onUpgrade);
    this.unlisten = [
      this.signal.listen((conversationId, stored) => {
        for (const stream of this.streams.get(conversationId) ?? []) {
          if (stream.offer(stored)) this.pump(stream);
        }
      }),
      this.notifications.listen(ACTIVITY_CHANNEL, {
        message: (payload) => this.stored(payload),
        // whatever was committed while nobody listened: each stream reads on from its watermark
        listening: () => {
          for (const streams of this.streams.values()) for (const stream of streams) this.pump(stream);
        },
      }),
      this.notifications.listen(STREAM_EVICTED_CHANNEL, {
        message: (id) => this.evict(id),
        // an eviction missed meanwhile: the renewal finds that stream's row gone
        listening: () => this.renew(),
      }),
    ];
    this.timers = [
      setInterval(() => this.catchUpAll(), this.config.WEBCHAT_STREAM_REREAD_SECONDS * 1000).unref(),
      setInterval(() => this.keepAlive(), KEEP_ALIVE_MS).unref(),
    ];
  }

  /**
   * Closes every stream (1001, going away: DirectLineJS reconnects, from its watermark, to whichever instance is up)
   * and lets reads under way end, before the HTTP server waits for its connections and the database closes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const unlisten of this.unlisten) unlisten();
    this.httpServer?.off('upgrade', this.onUpgrade);
    const open = [...this.streams.values()].flatMap((streams) => [...streams]);
    const closed = open.map((stream) => new Promise<void>((resolve) => stream.socket.once('close', () => resolve())));
    for (const stream of open) stream.socket.close(1001, 'Server shutting down');
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closed), new Promise<void>((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)))]);
    clearTimeout(grace);
    for (const stream of open) stream.socket.terminate();
    await Promise.all([this.catchingUp, this.renewing, Promise.allSettled(this.pending), ...open.map((stream) => stream.idle())]);
    await this.registry.forget([...this.registered.keys()]).catch((error: unknown) => {
      // they lapse within STREAM_LEASE_SECONDS
      this.logger.warn({ error: loggableError(error) }, 'Web chat streams could not be unregistered');
    });
    this.sockets.close();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // a client that goes away mid-handshake must not take the process with it
    socket.on('error', this.onHandshakeError);
    this.accept(request, socket, head).catch((error: unknown) => {
      this.logger.error({ error: loggableError(error) }, 'A web chat stream could not be opened');
      refuse(socket, 500, { code: 'internal_error', message: 'Something went wrong on our side.' });
    });
  };

  private readonly onHandshakeError = (error: Error): void => {
    this.logger.debug({ error: loggableError(error) }, 'A web chat stream was cut before it opened');
  };

  private async accept(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://upgrade.invalid');
    const conversationId = streamConversationId(url.pathname);
    if (conversationId === undefined) return refuse(socket, 404, { code: 'not_found', message: 'Nothing here takes a WebSocket.' });
    if (this.stopping) return refuse(socket, 503, { code: 'shutting_down', message: 'The server is stopping; try again.' });

    const query = streamQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) {
      const fields = fieldProblems(query.error);
      return refuse(socket, 400, { code: 'validation_failed', message: `Invalid ${fields.map((f) => f.field).join(', ')}.`, fields });
    }
    try {
      const grant = this.tokens.verifyToken(query.data.t, this.clock.now());
      if (grant.conversationId !== conversationId) {
        throw new DomainError('forbidden', 'token_wrong_conversation', 'This token is for another conversation.');
      }
      // DirectLineJS ends the conversation on a 404, as on the polling routes
      if (!(await this.transcript.find(conversationId))) {
        throw new DomainError('not_found', 'conversation_not_found', 'There is no such conversation.');
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return refuse(socket, HTTP_STATUS_OF[error.kind], { code: error.code, message: error.message });
    }
    // counted across instances before it opens, so that streams opened one after another are evicted in that order
    const row = this.registry.shared ? await this.register(conversationId) : undefined;
    if (this.stopping || socket.destroyed) {
      if (row) this.track(this.registry.forget([row.id]));
      if (this.stopping) refuse(socket, 503, { code: 'shutting_down', message: 'The server is stopping; try again.' });
      return;
    }

    this.sockets.handleUpgrade(request, socket, head, (webSocket) => {
      socket.off('error', this.onHandshakeError);
      this.open(webSocket, conversationId, query.data.watermark, row);
    });
  }

  private open(socket: WebSocket, conversationId: string, watermark: number, row?: { id: string; evicted: string[] }): void {
    const stream = new ActivityStream(conversationId, socket, watermark, this.transcript);
    let streams = this.streams.get(conversationId);
    if (!streams) this.streams.set(conversationId, (streams = new Set()));
    if (row) {
      // PostgreSQL: the oldest beyond the cap on any instance, closed here at once, elsewhere by the notification
      this.registered.set(row.id, stream);
      this.rowIds.set(stream, row.id);
      for (const id of row.evicted) this.evict(id);
    } else {
      // a Set iterates in insertion order: the first is the oldest
      for (const old of [...streams].slice(0, Math.max(0, streams.size + 1 - MAX_STREAMS_PER_CONVERSATION))) {
        streams.delete(old);
        old.socket.close(EVICTED, 'A newer stream of this conversation opened');
      }
    }
    streams.add(stream);

    // the client's keep-alive frames are empty: they only say it is there
    socket.on('message', () => (stream.alive = true));
    socket.on('pong', () => (stream.alive = true));
    // ws closes the socket after an error; 'close' below then forgets it
    socket.on('error', (error) => this.logger.warn({ error: loggableError(error), conversationId }, 'A web chat stream failed'));
    socket.on('close', () => {
      streams.delete(stream);
      if (streams.size === 0 && this.streams.get(conversationId) === streams) this.streams.delete(conversationId);
      this.unregister(stream);
    });
    this.pump(stream);
  }

  /** PostgreSQL: a stream about to open, counted across instances; with the ids of the streams it pushed over the cap. */
  private async register(conversationId: string): Promise<{ id: string; evicted: string[] }> {
    const id = randomUUID();
    const registering = this.registry.register(id, conversationId, MAX_STREAMS_PER_CONVERSATION, STREAM_LEASE_SECONDS);
    this.pending.add(registering);
    try {
      return { id, evicted: await registering };
    } finally {
      this.pending.delete(registering);
    }
  }

  private unregister(stream: ActivityStream): void {
    const id = this.rowIds.get(stream);
    // evicted (its row is gone already), or shutting down (one delete for all)
    if (id === undefined || !this.registered.has(id) || this.stopping) return;
    this.registered.delete(id);
    this.track(this.registry.forget([id]));
  }

  /** A stream whose row a newer stream's registration deleted: closed, if it is open here. */
  private evict(id: string): void {
    const stream = this.registered.get(id);
    if (!stream) return;
    this.registered.delete(id);
    this.streams.get(stream.conversationId)?.delete(stream);
    stream.socket.close(EVICTED, 'A newer stream of this conversation opened');
  }

  /** PostgreSQL, at each keep-alive: this instance's streams go on counting, and lapsed rows of any instance go. */
  private renew(): void {
    if (!this.registry.shared || this.renewing || this.stopping) return;
    const ids = [...this.registered.keys()];
    this.renewing = this.registry
      .renew(ids, STREAM_LEASE_SECONDS)
      .then(async (kept) => {
        for (const id of ids) if (!kept.has(id)) this.evict(id);
        await this.registry.forgetLapsed();
      })
      .catch((error: unknown) => this.logger.warn({ error: loggableError(error) }, 'Web chat streams could not be renewed'))
      .finally(() => (this.renewing = null));
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((error: unknown) => this.logger.warn({ error: loggableError(error) }, 'A web chat stream could not be counted across instances'))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private pump(stream: ActivityStream): void {
    stream.catchUp().catch((error: unknown) => {
      // the next signal or catch-up read tries again from the same watermark
      this.logger.warn({ error: loggableError(error), conversationId: stream.conversationId }, 'A web chat stream could not read its conversation');
    });
  }

  /**
   * An activity some instance stored: the streams of its conversation that have not read that far read on. This
   * instance's own writes are heard twice (its signal, then the notification); the second seldom costs a read.
   */
  private stored(payload: string): void {
    const space = payload.lastIndexOf(' ');
    const seq = Number(payload.slice(space + 1));
    for (const stream of this.streams.get(payload.slice(0, space)) ?? []) {
      if (!Number.isInteger(seq) || seq > stream.watermark) this.pump(stream);
    }
  }

  /** Brings open streams up to date with what any instance has committed: one read for all of them. */
  private catchUpAll(): void {
    if (this.catchingUp || this.streams.size === 0) return;
    this.catchingUp = this.transcript
      .lastSeqs([...this.streams.keys()])
      .then((newest) => {
        for (const [conversationId, streams] of this.streams) {
          for (const stream of streams) if ((newest.get(conversationId) ?? 0) > stream.watermark) this.pump(stream);
        }
      })
      .catch((error: unknown) => this.logger.warn({ error: loggableError(error) }, 'Web chat streams could not catch up'))
      .finally(() => (this.catchingUp = null));
  }

  private keepAlive(): void {
    this.renew();
    for (const streams of this.streams.values()) {
      for (const stream of streams) {
        if (!stream.alive) {
          stream.socket.terminate();
          continue;
        }
        stream.alive = false;
        stream.socket.ping();
      }
    }
  }
}

/** Answers an upgrade with a plain HTTP response, the way the polling routes answer errors, and hangs up. */
function refuse(socket: Duplex, status: number, body: Record<string, unknown>): void {
  if (socket.destroyed) return;
  const json = JSON.stringify({ statusCode: status, ...body });
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  );
}
