export interface ClaimLoopOptions<T> {
  /** Most items in hand at once. */
  capacity: number;
  /** Claims up to `room` items (with a lease, so a crashed instance's items come back); an empty list when none waits. */
  claim(room: number): Promise<T[]>;
  /** Handles one claimed item; a failure goes to `failed`, and the item comes back when its lease lapses. */
  handle(item: T): Promise<void>;
  failed(error: unknown, item: T): void;
}

/**
 * Works through claimed rows (texts waiting for a turn, messages waiting to be sent) with up to `capacity` in hand.
 * Unlike batch after batch, an item that arrives while others are in hand starts at once, and one slow item holds up
 * only its own place. It claims when asked and at least half its places are free: a claim is a query over everything
 * waiting, so under load it takes several at a time rather than one for each place freed.
 */
export class ClaimLoop<T> {
  private readonly inHand = new Set<Promise<void>>();
  private pass: Promise<void> | undefined;
  /** Something may be waiting to be claimed: a new row, a lapsed lease, or a claim that filled every place. */
  private asked = false;
  private wake: (() => void) | undefined;
  private stopping = false;
  /** Places kept for items taken outside a claim (see `reserve`). */
  private reserved = 0;

  /** The fewest free places worth a claim. */
  private readonly lowWater: number;

  constructor(private readonly options: ClaimLoopOptions<T>) {
    this.lowWater = Math.ceil(options.capacity / 2);
  }

  /**
   * Claims whatever waits, and resolves once nothing is left to claim and nothing is in hand. A call while a pass runs
   * joins that pass and makes it claim again.
   */
  run(): Promise<void> {
    if (this.stopping) return this.pass ?? Promise.resolve();
    this.asked = true;
    this.wake?.();
    this.pass ??= this.loop().finally(() => (this.pass = undefined));
    return this.pass;
  }

  /**
   * Keeps a place for an item that its writer claims itself (see `adopt`); false when every place is taken, the loop
   * is stopping, or a claim is owed: items waiting to be claimed go first, or places taken one by one this way would
   * keep the loop from ever having room enough to claim them. The place is held until `adopt` or `release`.
   */
  reserve(): boolean {
    if (this.stopping || this.asked || this.inHand.size + this.reserved >= this.options.capacity) return false;
    this.reserved++;
    return true;
  }

  /** Gives back a place kept by `reserve` that no item will fill. */
  release(): void {
    this.reserved--;
    this.wake?.();
  }

  /** Handles an item claimed outside the loop in a place kept by `reserve`; a pass under way, or one started for it, waits for it. */
  adopt(item: T): void {
    this.reserved--;
    this.start(item);
    this.pass ??= this.loop().finally(() => (this.pass = undefined));
  }

  /** Ends the pass under way: it claims nothing more and resolves when the items in hand are done. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    // a failed claim was reported to whoever ran the pass
    await this.pass?.catch(() => undefined);
    this.stopping = false;
  }

  private async loop(): Promise<void> {
    for (;;) {
      const room = this.options.capacity - this.inHand.size - this.reserved;
      if (this.asked && room >= this.lowWater && !this.stopping) {
        this.asked = false;
        const items = await this.options.claim(room);
        if (items.length === room) this.asked = true;
        for (const item of items) this.start(item);
        continue;
      }
      if (this.inHand.size === 0) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  private start(item: T): void {
    const handled: Promise<void> = this.options
      .handle(item)
      .catch((error: unknown) => this.options.failed(error, item))
      .finally(() => {
        this.inHand.delete(handled);
        this.wake?.();
      });
    this.inHand.add(handled);
  }
}
