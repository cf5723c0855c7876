/** The current time, injected so that tests and the scheduler can decide what "now" is. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
