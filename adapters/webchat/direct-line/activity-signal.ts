import { Injectable } from '@nestjs/common';

/**
 * Tells this instance's open streams that a conversation has new activities committed, so replies go out at once
 * rather than at the next safety re-read. It says nothing of what was stored: a stream reads that from the history,
 * so a signal that comes twice, or early, costs a read and never sends anything twice.
 */
@Injectable()
export class ActivitySignal {
  private readonly listeners = new Set<(conversationId: string) => void>();

  listen(listener: (conversationId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call once the transaction that stored the activities has committed: before, a stream would not see them. */
  committed(conversationId: string): void {
    for (const listener of this.listeners) listener(conversationId);
  }
}
