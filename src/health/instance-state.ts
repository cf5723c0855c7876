import { Global, Injectable, Module } from '@nestjs/common';

/**
 * Whether this instance still takes work. From the moment it starts shutting down it answers /health/ready with 503,
 * so that a load balancer sends new customers to another instance while this one finishes what it holds.
 */
@Injectable()
export class InstanceState {
  private drainingSince: Date | undefined;
  private readonly drainListeners: (() => Promise<void>)[] = [];
  private drained: Promise<void> = Promise.resolve();

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /**
   * Called once, when the instance starts shutting down: whatever claims work stops claiming then, and resolves when
   * the work it holds is done.
   */
  onDraining(listener: () => Promise<void>): void {
    this.drainListeners.push(listener);
  }

  /** Resolves when the work in hand is done (the database must stay open until then). */
  startDraining(now = new Date()): Promise<void> {
    if (!this.drainingSince) {
      this.drainingSince = now;
      this.drained = Promise.all(this.drainListeners.map((listener) => listener())).then(() => undefined);
    }
    return this.drained;
  }
}

/** Global so that whatever claims work can ask whether the instance is shutting down. */
@Global()
@Module({ providers: [InstanceState], exports: [InstanceState] })
export class InstanceStateModule {}
