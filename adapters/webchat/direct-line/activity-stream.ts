import { WebSocket } from 'ws';
import type { StoredActivity } from './activity-signal.js';
import { followingFrame } from './activity-frame.js';
import type { Transcript } from './transcript.js';

/**
 * One client's stream of a conversation: what was stored after the watermark it opened with, then each activity as
 * it is committed, as `{ activities, watermark }` text frames (the shape a poll answers). One read at a time, each
 * from the last watermark sent: however signals and catch-up reads interleave, an activity goes out once, in order.
 * What this instance has just committed is handed over (`offer`) and sent as it is when it follows the watermark
 * sent, sparing a read; anything else, or anything after a gap, is read.
 */
export class ActivityStream {
  /** Whether the client has shown signs of life since the last keep-alive ping. */
  alive = true;
  private sent: number;
  private wanted = false;
  private running: Promise<void> | null = null;
  /** Activities committed by this instance and handed over, not yet sent, in order. */
  private offered: StoredActivity[] = [];

  constructor(
    readonly conversationId: string,
    readonly socket: WebSocket,
    watermark: number,
    private readonly transcript: Transcript,
  ) {
    this.sent = watermark;
  }

  /** The watermark of the last activity this stream has read (sent, unless the client never sees its type). */
  get watermark(): number {
    return this.sent;
  }

  /**
   * Tells the stream of a commit, with what it stored in the conversation, in order (all of it, or nothing when that
   * is not known): sent without a read if it follows what was sent by then. False when the stream has sent all of it
   * already, so that the commit needs no catch-up.
   */
  offer(stored: readonly StoredActivity[]): boolean {
    if (stored.length === 0) return true;
    if (stored[stored.length - 1].seq <= this.sent) return false;
    if (this.socket.readyState === WebSocket.OPEN) this.offered.push(...stored);
    return true;
  }

  /** Sends whatever follows the watermark; asked while a read runs, it reads once more when that one ends. */
  catchUp(): Promise<void> {
    if (this.socket.readyState !== WebSocket.OPEN) return this.running ?? Promise.resolve();
    this.wanted = true;
    this.running ??= this.drain();
    return this.running;
  }

  /** Settles once the read under way (if any) has ended, so the database can close after it. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    try {
      while (this.wanted && this.socket.readyState === WebSocket.OPEN) {
        this.wanted = false;
        let more = true;
        while (more && this.socket.readyState === WebSocket.OPEN) {
          const next = this.fromOffered() ?? (await this.transcript.followingFrame(this.conversationId, this.sent));
          if (next.frame !== null && !(await this.send(next.frame))) return;
          this.sent = next.watermark;
          more = next.more;
        }
      }
    } finally {
      // in the same step as the last check of `wanted`, so no request falls between the two
      this.running = null;
    }
  }

  /**
   * The frame of the offered activities that follow the watermark sent without a gap, or null when none does (a read
   * then finds what came between); `more` when offered ones remain beyond a gap.
   */
  private fromOffered(): { frame: string | null; watermark: number; more: boolean } | null {
    let start = 0;
    while (start < this.offered.length && this.offered[start].seq <= this.sent) start++;
    let end = start;
    while (end < this.offered.length && this.offered[end].seq === this.sent + 1 + end - start) end++;
    const run = this.offered.slice(start, end);
    this.offered = end < this.offered.length ? this.offered.slice(end) : [];
    if (run.length === 0) return null;
    return { ...followingFrame(run, this.sent), more: this.offered.length > 0 };
  }

  /** False when the socket closed first: the client reconnects from the watermark it last got. */
  private send(frame: string): Promise<boolean> {
    if (this.socket.readyState !== WebSocket.OPEN) return Promise.resolve(false);
    return new Promise((resolve, reject) =>
      this.socket.send(frame, (error) => {
        if (!error) resolve(true);
        else if (this.socket.readyState !== WebSocket.OPEN) resolve(false);
        else reject(error);
      }),
    );
  }
}
