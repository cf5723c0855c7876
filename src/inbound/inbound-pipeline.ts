/**
 * One way in for every customer message, whatever the channel.
 *
 * A channel stores the message before it answers the provider or client, then its turn runs:
 *
 *     const { duplicate } = await pipeline.store({ channel: 'email', conversationKey: address,
 *       providerId: messageId, payload: { subject, text }, receivedAt: now.toISOString() });
 *
 * `duplicate` is true when this channel and conversation already hold that provider id (a retry): acknowledge it, no
 * second turn runs. Stored outside a transaction, the turn is kicked off at once; stored inside one (to keep it with
 * other writes), once that has committed.
 *
 * The channel registers the handler that runs a turn, once, at start (`onModuleInit`):
 *
 *     pipeline.register('email', async (message, turn) => {
 *       // message: { id, channel, conversationKey, providerId, payload (parsed JSON), receivedAt, attempts }
 *       await uow.transaction(async () => {
 *         ...the dialog turn, its replies...
 *         await turn.handled('dialog'); // fails, undoing the turn, if another instance handled it meanwhile
 *       });
 *     });
 *
 * `turn.handled(outcome)` marks the message handled inside the handler's own transaction, so the mark, the
 * dialog state, the changes to the core and the stored replies commit together or not at all. A handler that never
 * calls it has its message marked `handled` once it resolves. A handler that throws leaves the message claimed until
 * its lease lapses; then it runs again, and after `maxAttempts` tries it is given up (`gave_up`) so one poisonous
 * message cannot block its conversation.
 *
 * A conversation's messages run one at a time, oldest first, each under a lease held in the database: several
 * instances sharing PostgreSQL never run one conversation's turns at once, and the messages of an instance that died
 * come back when its lease lapses. Waiting messages are picked up at start and by polling.
 */
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { maskContactsInText } from '../contacts/contact-format.js';
import { ClaimLoop } from '../database/claim-loop.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { InstanceState } from '../health/instance-state.js';
import { OperationsMetrics } from '../metrics/operations-metrics.js';
import { InboundMessageRepository, type ClaimedInbound } from './inbound-message.repository.js';

export interface NewInboundMessage {
  channel: string;
  /** The conversation within the channel: its messages run in order, one at a time. */
  conversationKey: string;
  /** The provider's own id for the message, the same on every retry of it. */
  providerId: string;
  /** Whatever the handler needs to run the turn; stored as JSON. */
  payload: unknown;
  receivedAt: string;
}

export interface InboundMessage<P = unknown> {
  id: number;
  channel: string;
  conversationKey: string;
  providerId: string;
  payload: P;
  receivedAt: string;
  /** Tries so far, this one included. */
  attempts: number;
}

export interface InboundTurn {
  /**
   * Marks the message handled, in the handler's transaction. It throws when the message was handled meanwhile
   * (another instance took it after this one's lease lapsed), which undoes the transaction; the pipeline then lets
   * the turn go quietly. On PostgreSQL it waits for a turn of the other instance that holds the row to end.
   */
  handled(outcome: string): Promise<void>;
}

export type InboundHandler<P = unknown> = (message: InboundMessage<P>, turn: InboundTurn) => Promise<void>;

export interface InboundSettings {
  pollIntervalMs: number;
  /** How long a message being handled stays claimed: an instance that dies mid-turn loses its claim after this. */
  leaseMs: number;
  /** Most messages being handled at once. */
  capacity: number;
  /** A message tried this many times without being handled is given up. */
  maxAttempts: number;
}

export const INBOUND_SETTINGS = Symbol('INBOUND_SETTINGS');

/** The outcome of a message tried `maxAttempts` times without being handled. */
export const GAVE_UP = 'gave_up';

/** Thrown by `InboundTurn.handled` when the message had been handled already. */
export class InboundMessageAlreadyHandled extends Error {
  constructor(id: number) {
    super(`Inbound message ${id} was handled already`);
    this.name = 'InboundMessageAlreadyHandled';
  }
}

/** The inbound pipeline (see the top of this file). */
@Injectable()
export class InboundPipeline implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('InboundPipeline');
  private readonly handlers = new Map<string, InboundHandler>();
  private readonly loop: ClaimLoop<ClaimedInbound>;
  /**
   * Conversations with a message in hand (by channel and key), and whether another of theirs is known to wait: one was
   * behind it when it was claimed, or was stored here since. Then the turn's end claims again without asking.
   */
  private readonly inHand = new Map<string, { turns: number; followed: boolean }>();
  /** Conversations a message was stored in while a claim ran, which that claim may not have seen. */
  private storedDuringClaim: Set<string> | undefined;
  /** Messages claimed as they were stored, committed, for the loop's next claim to start. */
  private readonly claimedOnStore: ClaimedInbound[] = [];
  /** Messages claimed and not yet done with. */
  private running = 0;
  /** The next claim must look in the database: something may wait there that no claim has seen. */
  private lookInDatabase = true;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly messages: InboundMessageRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INBOUND_SETTINGS) private readonly settings: InboundSettings,
    private readonly metrics: OperationsMetrics,
    private readonly instance: InstanceState,
  ) {
    this.loop = new ClaimLoop({
      capacity: settings.capacity,
      claim: (room) => this.claim(room),
      handle: (message) => this.run(message),
      // the claim stays until it lapses, then the message is tried again
      failed: (error, message) =>
        this.logger.error(
          { err: loggable(error), channel: message.channel, messageId: message.id, attempts: message.attempts },
          'Inbound message could not be handled',
        ),
    });
  }

  /** The handler of a channel's messages; one per channel. */
  register<P>(channel: string, handler: InboundHandler<P>): void {
    if (this.handlers.has(channel)) throw new Error(`The ${channel} channel has an inbound handler already`);
    this.handlers.set(channel, handler as InboundHandler);
  }

  /**
   * Stores a message before it is acknowledged; `duplicate` when the provider sent this one before. Outside a
   * transaction its turn starts at once; inside one, once that has committed.
   */
  async store(message: NewInboundMessage): Promise<{ id: number; duplicate: boolean }> {
    // With room here, the message is claimed in the transaction that stores it when nothing of its conversation
    // waits before it: its turn starts once that commits, with no claim of its own to wait for.
    const claimUntil = this.roomToClaimOnStore(message.channel) ? this.lease().claimedUntil : undefined;
    const { id, duplicate, claimed } = await this.messages.store(
      message.channel,
      message.conversationKey,
      message.providerId,
      message.payload,
      message.receivedAt,
      claimUntil,
    );
    if (claimed) {
      // stored inside the caller's transaction: not before that commits, and never if it is undone
      this.uow.afterCommit(() => this.handOver(claimed));
    } else if (!duplicate) {
      this.arrived(conversationOf(message));
      // stored inside the caller's transaction: looked for once that commits, and never if it is undone
      this.uow.afterCommit(() => this.kick());
    }
    return { id, duplicate };
  }

  /**
   * With one process on the database, while at most half the places are taken (so the loop claims at once): the
   * loop's claim over every waiting message is then saved. Other instances would need to see a conversation's
   * earlier message as it is being stored, which a claim on store cannot promise on PostgreSQL.
   */
  private roomToClaimOnStore(channel: string): boolean {
    if (this.stopped || this.messages.sharedWithOtherInstances || !this.handlers.has(channel)) return false;
    return this.running < this.settings.capacity - Math.ceil(this.settings.capacity / 2);
  }

  private handOver(claimed: ClaimedInbound): void {
    if (this.stopped) {
      this.messages.release([claimed.id]).catch((error: unknown) => this.logger.error({ err: loggable(error) }, 'Inbound claim could not be let go'));
      return;
    }
    // in hand from now: a message of its conversation stored before its turn starts is known to follow it
    this.inHandNow([claimed], new Set());
    this.claimedOnStore.push(claimed);
    this.uow.detached(() => this.loop.run().catch((error: unknown) => this.logger.error({ err: loggable(error) }, 'Inbound pass failed')));
  }

  private lease(): { now: string; claimedUntil: string } {
    const now = this.clock.now().toISOString();
    return { now, claimedUntil: new Date(Date.parse(now) + this.settings.leaseMs).toISOString() };
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    // messages acknowledged before a restart and never handled are picked up here, and after a lapsed claim
    this.timer = setInterval(() => this.kick(), this.settings.pollIntervalMs);
    this.timer.unref();
    this.instance.onDraining(() => this.stopClaiming());
    this.kick();
  }

  /** Lets running turns finish before the database closes; what has not started waits for the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stopClaiming();
  }

  /**
   * Claims nothing more, and resolves when the turns in hand are done. Messages stored meanwhile are acknowledged as
   * ever and wait, stored, for another instance or the next start.
   */
  private async stopClaiming(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.loop.stop();
    // claimed as they were stored, never started: free at once for the next start or another instance
    const unstarted = this.claimedOnStore.splice(0);
    for (const message of unstarted) this.letGo(message);
    await this.messages.release(unstarted.map((message) => message.id));
  }

  /** When the conversation's last message on a channel came in (ISO), if one is kept: WhatsApp's session window. */
  lastReceivedAt(channel: string, conversationKey: string): Promise<string | undefined> {
    return this.messages.lastReceivedAt(channel, conversationKey);
  }

  /** Runs waiting messages now; messages already being handled carry on meanwhile. */
  kick(): void {
    if (this.stopped) return;
    this.lookInDatabase = true;
    // a kick from inside a transaction must not run the pass inside it: the pass outlives it
    this.uow.detached(() => this.drain().catch((error: unknown) => this.logger.error({ err: loggable(error) }, 'Inbound pass failed')));
  }

  /** Runs every message that can run now; resolves when none is left. */
  drain(): Promise<void> {
    this.lookInDatabase = true;
    return this.loop.run();
  }

  /** A message was stored (stored or not yet committed): its conversation's turn in hand, or a claim under way, hears of it. */
  private arrived(conversation: string): void {
    const held = this.inHand.get(conversation);
    if (held) held.followed = true;
    this.storedDuringClaim?.add(conversation);
  }

  private async claim(room: number): Promise<ClaimedInbound[]> {
    const onStore = this.claimedOnStore.splice(0, room);
    // only messages claimed on store to start, and nothing new to look for: the database is not asked
    if (onStore.length > 0 && (onStore.length === room || !this.lookInDatabase)) return onStore;
    this.lookInDatabase = false;
    const { now, claimedUntil } = this.lease();
    // the loop runs one claim at a time
    const stored = new Set<string>();
    this.storedDuringClaim = stored;
    try {
      const claimed = await this.messages.claimNext([...this.handlers.keys()], now, claimedUntil, room - onStore.length);
      return [...onStore, ...this.inHandNow(claimed, stored)];
    } catch (error) {
      // they stay claimed, for the next claim
      this.claimedOnStore.unshift(...onStore);
      throw error;
    } finally {
      this.storedDuringClaim = undefined;
    }
  }

  /** Counts claimed messages in hand; `stored`: conversations a message was stored in while they were claimed. */
  private inHandNow(claimed: ClaimedInbound[], stored: Set<string>): ClaimedInbound[] {
    this.running += claimed.length;
    for (const message of claimed) {
      const conversation = conversationOf(message);
      const followed = message.followed || stored.has(conversation);
      const held = this.inHand.get(conversation);
      // the same message again, its lease lapsed while its first turn still runs
      if (held) {
        held.turns++;
        held.followed ||= followed;
      } else {
        this.inHand.set(conversation, { turns: 1, followed });
      }
    }
    return claimed;
  }

  /** A claimed message is done with; whether another of its conversation is known to wait. */
  private letGo(message: { channel: string; conversationKey: string }): boolean {
    const conversation = conversationOf(message);
    const held = this.inHand.get(conversation);
    this.running--;
    if (held && --held.turns === 0) this.inHand.delete(conversation);
    return held?.followed === true;
  }

  private async run(claimed: ClaimedInbound): Promise<void> {
    const { followed: _followed, ...message } = claimed;
    try {
      await this.handle(message);
    } finally {
      // The conversation's next message could not be claimed before this one was handled: the pass claims again. A
      // failed claim is reported to whoever started the pass.
      if (await this.anotherWaiting(message)) {
        this.lookInDatabase = true;
        void this.loop.run().catch(() => undefined);
      }
    }
  }

  private async handle(message: InboundMessage): Promise<void> {
    if (message.attempts > this.settings.maxAttempts) {
      await this.uow.transaction(() => this.mark(message.id, GAVE_UP)).catch(quietIfHandled);
      this.logger.warn({ channel: message.channel, messageId: message.id, attempts: message.attempts - 1 }, 'Inbound message given up');
      return;
    }
    const handler = this.handlers.get(message.channel);
    if (!handler) return;
    const started = performance.now();
    try {
      // A handler marks its message inside its own transaction; once that commits the message is handled, and
      // asking again would cost every turn another statement for nothing. The mark counts only once its transaction
      // has committed: one the handler marked in and then undid left the message as it was.
      let marked = false;
      await handler(message, {
        handled: async (outcome) => {
          await this.mark(message.id, outcome);
          this.uow.afterCommit(() => (marked = true));
        },
      });
      // a handler that did not say otherwise has handled it; one that did keeps its own outcome
      if (!marked) await this.uow.transaction(() => this.mark(message.id, 'handled')).catch(quietIfHandled);
      this.metrics.turnHandled(message.channel, (performance.now() - started) / 1000);
    } catch (error) {
      if (!(error instanceof InboundMessageAlreadyHandled)) this.metrics.turnFailed(message.channel);
      quietIfHandled(error);
    }
  }

  private async mark(id: number, outcome: string): Promise<void> {
    if (!(await this.messages.markHandled(id, outcome, this.clock.now().toISOString()))) throw new InboundMessageAlreadyHandled(id);
  }

  /**
   * Whether the conversation has another message waiting, now that this one's turn is over. Known when one was behind it
   * at its claim or was stored here since; otherwise, with one process on the database, nothing else can have come.
   * Other instances may have stored one (PostgreSQL): the database is asked.
   */
  private anotherWaiting(message: InboundMessage): Promise<boolean> | boolean {
    if (this.letGo(message)) return true;
    return this.messages.sharedWithOtherInstances ? this.messages.waitingIn(message.channel, message.conversationKey) : false;
  }
}

/** A conversation's key across channels. */
function conversationOf(message: { channel: string; conversationKey: string }): string {
  return `${message.channel}\u0000${message.conversationKey}`;
}

/** Another instance handled it first (after this one's lease lapsed): nothing is owed. */
function quietIfHandled(error: unknown): void {
  if (!(error instanceof InboundMessageAlreadyHandled)) throw error;
}

/**
 * Handlers' errors can carry what the customer wrote and database errors the query's parameters: only the kind, and
 * the message and stack with contacts masked, are logged.
 */
function loggable(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: '(not an Error)' };
  return { type: error.name, message: maskContactsInText(error.message), stack: error.stack ? maskContactsInText(error.stack) : undefined };
}
