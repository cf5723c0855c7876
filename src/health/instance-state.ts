import { Global, Injectable, Module } from '@nestjs/common';

/**
 * Whether this instance still takes work. From the moment it starts shutting down it answers /health/ready with 503,
 * so that a load balancer sends new customers to another instance while this one finishes what it holds.
 */
@Injectable()
export class InstanceState {
  private drainingSince: Date | undefined;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  startDraining(now = new Date()): void {
    this.drainingSince ??= now;
  }
}

/** Global so that whatever claims work can ask whether the instance is shutting down. */
@Global()
@Module({ providers: [InstanceState], exports: [InstanceState] })
export class InstanceStateModule {}
