import { createDeadlineClock, type DeadlineClock } from './deadline-clock.js';
import type { CodeOfConduct, ConductPromise } from './code-of-conduct.schema.js';

export interface Deadline {
  promiseId: string;
  indicator: string;
  /** ISO 8601 instant in UTC. */
  dueAt: string;
  /** When `warnAtFraction` of the promise's clock time to `dueAt` has run; ISO 8601 UTC. */
  warnAt: string;
  /** Set when the promise's clock does not stop while the case waits for the customer (a regulator's time limit). */
  runsWhilePaused?: true;
}

// Building a clock loads holiday rules; a code is immutable once loaded, so its clocks are built once.
const clocksByCode = new WeakMap<CodeOfConduct, Map<string, DeadlineClock>>();

function clockFor(code: CodeOfConduct, promise: ConductPromise): DeadlineClock {
  let clocks = clocksByCode.get(code);
  if (!clocks) {
    clocks = new Map();
    clocksByCode.set(code, clocks);
  }
  let clock = clocks.get(promise.clock);
  if (!clock) {
    const spec = code.clocks[promise.clock];
    if (!spec) throw new Error(`Promise ${promise.id} runs on undefined clock ${promise.clock}`);
    clock = createDeadlineClock(spec);
    clocks.set(promise.clock, clock);
  }
  return clock;
}

function deadlineFor(code: CodeOfConduct, promise: ConductPromise, start: Date): Deadline {
  const clock = clockFor(code, promise);
  const due = clock.add(start, promise.target);
  const total = clock.elapsed(start, due);
  // A promise with a lead time warns that much clock time before it is due: the response it needs is prepared then.
  const warnAfter = promise.leadTime
    ? Math.max(0, total - clock.elapsed(start, clock.add(start, promise.leadTime)))
    : Math.floor(total * promise.warnAtFraction);
  const warn = clock.advance(start, warnAfter);
  return {
    promiseId: promise.id,
    indicator: promise.indicator,
    dueAt: due.toISOString(),
    warnAt: warn.toISOString(),
    ...(promise.pausesForCustomer ? {} : { runsWhilePaused: true as const }),
  };
}

/**
 * The promises that apply to a complaint in `category`: for each indicator, those limited to the category if there
 * are any, else those that name no category. Without a category, only the general ones.
 */
export function promisesFor(code: CodeOfConduct, category: string | undefined): ConductPromise[] {
  const limited = new Set(
    code.promises.filter((p) => category !== undefined && p.categories?.includes(category)).map((p) => p.indicator),
  );
  return code.promises.filter((p) =>
    p.categories ? category !== undefined && p.categories.includes(category) : !limited.has(p.indicator),
  );
}

/** The promise of `indicator` and `from` that applies to a complaint in `category`, if the code makes one. */
export function promiseFor(
  code: CodeOfConduct,
  indicator: ConductPromise['indicator'],
  category: string | undefined,
): ConductPromise | undefined {
  return promisesFor(code, category).find((p) => p.indicator === indicator);
}

/**
 * Deadlines that start when a complaint in `category` is received; status updates recur, so they are scheduled with
 * deadlineAfter.
 */
export function computeDeadlines(code: CodeOfConduct, receivedAt: Date, category?: string): Deadline[] {
  return promisesFor(code, category)
    .filter((promise) => promise.from === 'received' && promise.indicator !== 'status_update_interval')
    .map((promise) => deadlineFor(code, promise, receivedAt));
}

/** The latest date a holding response for `promiseId` may promise a final response by, if the code limits it. */
export function latestExpectedDate(code: CodeOfConduct, promiseId: string, receivedAt: Date): Date | undefined {
  const promise = code.promises.find((candidate) => candidate.id === promiseId);
  if (!promise?.expectedWithin) return undefined;
  return clockFor(code, promise).add(receivedAt, promise.expectedWithin);
}

/**
 * Moves deadlines on while a complaint waited for the customer, each on its own promise's clock, except those of
 * promises whose clock does not pause (a regulator's time limit). An instant that had passed before the pause began
 * stays put. A deadline whose promise is no longer in the code
 * (the code was edited after the complaint arrived) is returned unchanged: there is no clock left to move it on.
 */
export function extendDeadlines(code: CodeOfConduct, deadlines: Deadline[], pausedFrom: Date, resumedAt: Date): Deadline[] {
  return deadlines.map((deadline) => {
    const promise = code.promises.find((candidate) => candidate.id === deadline.promiseId);
    if (!promise || !promise.pausesForCustomer) return deadline;
    const clock = clockFor(code, promise);
    const move = (iso: string) => clock.extend(new Date(iso), pausedFrom, resumedAt).toISOString();
    return { ...deadline, dueAt: move(deadline.dueAt), warnAt: move(deadline.warnAt) };
  });
}

/** The deadline of one promise counted from `start`: a final response for the referral window, the last update for status updates. */
export function deadlineAfter(code: CodeOfConduct, promiseId: string, start: Date): Deadline {
  const promise = code.promises.find((candidate) => candidate.id === promiseId);
  if (!promise) throw new Error(`The code of conduct has no promise ${JSON.stringify(promiseId)}`);
  return deadlineFor(code, promise, start);
}
