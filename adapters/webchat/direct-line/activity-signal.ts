import { Injectable } from '@nestjs/common';

/** An activity as stored in a conversation's history: its number (the watermark), its type and its JSON. */
export interface StoredActivity {
  seq: number;
  type: string;
  body: string;
}

/**
 * Tells this instance's open streams that a conversation has new activities committed, so replies go out at once
 * rather than at the next safety re-read. It may hand over what the committing transaction stored, in order, so that
 * a stream already up to the first of them sends them without reading them back; a stream that is not (it missed
 * something, or another transaction wrote between) reads from its watermark, so a signal that comes twice, or early,
 * or with less than was stored, costs a read and never sends anything twice or out of order.
 */
@Injectable()
export class ActivitySignal {
  private readonly listeners = new Set<(conversationId: string, stored: readonly StoredActivity[]) => void>();

  listen(listener: (conversationId: string, stored: readonly StoredActivity[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Call once the transaction that stored the activities has committed: before, a stream would not see them. `stored`
   * is what that transaction appended to the conversation, all of it in order, or nothing when that is not known.
   */
  committed(conversationId: string, stored: readonly StoredActivity[] = []): void {
    for (const listener of this.listeners) listener(conversationId, stored);
  }
}
