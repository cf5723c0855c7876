/** Whole months `YYYY-MM` in [from, to); either end open (null). */
export interface MonthSpan {
  from: string | null;
  to: string | null;
}

/**
 * One kind of monthly sums the reports read (the complaints', the surveys', …): writes mark the months they change
 * stale in their own transaction, and `refresh` recomputes the stale months from the rows. A report refreshes the
 * months it reads before reading them, so a sum is never out of date when read; MonthlySumsUpkeep refreshes them in
 * the background first, so that a report seldom has to.
 */
export interface MonthlySums {
  /** Names the sums in the logs. */
  readonly kind: string;
  /** The months marked stale, newest first. */
  staleMonths(): Promise<string[]>;
  /** Recomputes the months within `within` marked stale, in one transaction. */
  refresh(within: MonthSpan): Promise<void>;
}

/** Provides each kind of monthly sums the upkeep keeps (see IndicatorsModule). */
export interface MonthlySumsSource {
  monthlySums(): MonthlySums[];
}

/** The MonthlySums[] of every source, by this token. */
export const MONTHLY_SUMS = Symbol('MONTHLY_SUMS');
