import { WebSocket } from 'ws';
import type { Transcript } from './transcript.js';

/**
 * One client's stream of a conversation: what was stored after the watermark it opened with, then each activity as
 * it is committed, as `{ activities, watermark }` text frames (the shape a poll answers). One read at a time, each
 * from the last watermark sent: however signals and catch-up reads interleave, an activity goes out once, in order.
 */
export class ActivityStream {
  /** Whether the client has shown signs of life since the last keep-alive ping. */
  alive = true;
  private sent: number;
  private wanted = false;
  private running: Promise<void> | null = null;

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
          const next = await this.transcript.followingFrame(this.conversationId, this.sent);
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
