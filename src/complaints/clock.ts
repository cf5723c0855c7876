import { Global, Module } from '@nestjs/common';

/** The current time, injected so that tests and the scheduler can decide what "now" is. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** Provides the one clock to every module (tests replace it). */
@Global()
@Module({ providers: [{ provide: CLOCK, useValue: systemClock }], exports: [CLOCK] })
export class ClockModule {}
