import { Injectable } from '@nestjs/common';

/**
 * Told, in the writing transaction, that a write marked a month's sums stale; MonthlySumsUpkeep listens and brings
 * the sums up to date shortly after. Held apart from the upkeep so that the repositories that mark need not know it.
 */
@Injectable()
export class StaleMonthsSignal {
  private readonly listeners: (() => void)[] = [];

  marked(): void {
    for (const listener of this.listeners) listener();
  }

  onMarked(listener: () => void): void {
    this.listeners.push(listener);
  }
}
