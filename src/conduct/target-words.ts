import type { ClockSpec, ConductPromise, Target } from './code-of-conduct.schema.js';

function plural(amount: number, singular: string): string {
  return `${amount} ${singular}${amount === 1 ? '' : 's'}`;
}

/** The length of a target in the words a customer would use: "1 business day", "8 weeks", "15 calendar days". */
export function targetInWords({ amount, unit }: Target, clock: ClockSpec): string {
  switch (unit) {
    case 'weeks':
      return plural(amount, 'week');
    case 'months':
      return plural(amount, 'month');
    case 'days':
      return plural(amount, clock.kind === 'calendar' ? 'calendar day' : 'business day');
    case 'hours':
      if (clock.kind === 'calendar') return plural(amount, 'hour');
      return plural(amount, clock.workingHours ? 'working hour' : 'business-day hour');
  }
}

/** The whole promise target as a phrase: "within 1 business day of receiving your complaint". */
export function promiseTargetInWords(promise: ConductPromise, clock: ClockSpec): string {
  const length = targetInWords(promise.target, clock);
  if (promise.indicator === 'status_update_interval') {
    return `at least every ${promise.target.amount === 1 ? length.replace(/^1 /, '') : length}`;
  }
  if (promise.from === 'final_response') return `within ${length} of our final response`;
  if (promise.from === 'handoff_requested') return `within ${length} of your asking to talk to a person`;
  return `within ${length} of receiving your complaint`;
}
