import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { reconnectDelay } from './reconnect-delay.js';

/** What a listener is told on one channel. */
export interface NotificationListener {
  /** A notification's payload, as the transaction that sent it committed. */
  message(payload: string): void;
  /**
   * The channel is listened to again, after a start or a dropped connection: anything committed before may have been
   * missed, so read it now. Anything committed from here on is notified.
   */
  listening(): void;
}

/** Names PostgreSQL takes in LISTEN without quoting (they cannot be bound as parameters). */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** How it shows in pg_stat_activity, so an operator can tell it from the pool's connections. */
export const LISTEN_APPLICATION_NAME = 'redress-listen';

/**
 * PostgreSQL's LISTEN/NOTIFY, so that work committed by one instance wakes the others at once. One connection per
 * instance, outside the pool (a pooled connection is shared, and LISTEN belongs to its session), listens on every
 * channel asked for. When it drops (the database restarts, a network cut, an administrator ends it) it is opened again
 * with a growing wait (see `reconnectDelay`), and each listener is told, so that it reads what it missed meanwhile.
 * TCP keep-alives find a connection that died without a word.
 *
 * On SQLite there is one instance, whose own signals are enough: nothing is opened and nothing arrives.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly listeners = new Map<string, Set<NotificationListener>>();
  private readonly url: string | undefined;
  private client: pg.Client | undefined;
  /** Channels the open connection has run LISTEN for. */
  private listened = new Set<string>();
  private connecting: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;

  constructor(dataSource: DataSource) {
    const options = dataSource.options;
    this.url = options.type === 'postgres' ? options.url : undefined;
  }

  /** Whether notifications can arrive at all here (PostgreSQL). */
  get available(): boolean {
    return this.url !== undefined;
  }

  /** Listens on `channel` until the returned function is called. On SQLite it does nothing. */
  listen(channel: string, listener: NotificationListener): () => void {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`"${channel}" is not a channel name PostgreSQL takes unquoted`);
    if (!this.url || this.stopped) return () => undefined;
    let listeners = this.listeners.get(channel);
    if (!listeners) this.listeners.set(channel, (listeners = new Set()));
    listeners.add(listener);
    const client = this.client;
    if (!client) this.connect();
    else {
      this.listenOn(client, channel).then(
        () => listener.listening(),
        // the connection is failing: its 'error' or 'end' opens another, which listens on every channel
        (error: unknown) => this.logger.warn({ error: String(error), channel }, 'Could not listen on a channel; it is listened to once the connection is opened again'),
      );
    }
    return () => listeners.delete(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): void {
    if (this.client || this.connecting || this.retry || this.stopped) return;
    this.connecting = this.open().finally(() => (this.connecting = undefined));
  }

  private async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: LISTEN_APPLICATION_NAME, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client.on('notification', (notification) => {
      for (const listener of this.listeners.get(notification.channel) ?? []) listener.message(notification.payload ?? '');
    });
    // pg emits 'error' and then 'end' when the server ends the session; an unheard 'error' would end the process
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client));
    try {
      await client.connect();
      this.listened = new Set();
      for (const channel of this.listeners.keys()) await this.listenOn(client, channel);
    } catch (error) {
      await client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn({ error: String(error), attempt: this.failures + 1 }, 'Could not listen for other instances\' notifications; trying again');
      this.again();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    if (this.failures > 0) this.logger.log('Listening for other instances\' notifications again');
    this.failures = 0;
    this.client = client;
    for (const listeners of this.listeners.values()) for (const listener of listeners) listener.listening();
  }

  private async listenOn(client: pg.Client, channel: string): Promise<void> {
    if (this.listened.has(channel)) return;
    this.listened.add(channel);
    await client.query(`LISTEN ${channel}`);
  }

  private dropped(client: pg.Client, error?: Error): void {
    if (client !== this.client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn({ error: error ? String(error) : undefined }, 'The connection listening for other instances\' notifications dropped; opening it again');
    this.again();
  }

  private again(): void {
    clearTimeout(this.retry);
    const wait = reconnectDelay(this.failures++, Math.random());
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect();
    }, wait);
    this.retry.unref();
  }
}
