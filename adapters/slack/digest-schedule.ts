import { DateTime } from 'luxon';

/** When the weekly digest goes out: a day of the week and a time of day in the organisation's zone. */
export interface DigestSchedule {
  /** 1 (Monday) to 7 (Sunday), as ISO 8601 and luxon number them. */
  weekday: number;
  hour: number;
  minute: number;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The form `SLACK_WEEKLY_DIGEST` takes; the configuration checks it with the same pattern. */
export const DIGEST_SETTING = /^(mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\s+([01]?\d|2[0-3]):([0-5]\d)$/iu;

/** Reads `SLACK_WEEKLY_DIGEST` ("mon 09:00", "Friday 16:30"); null when it is not one. */
export function parseDigestSchedule(text: string): DigestSchedule | null {
  const match = DIGEST_SETTING.exec(text.trim());
  if (!match) return null;
  return { weekday: DAYS.indexOf(match[1].slice(0, 3).toLowerCase()) + 1, hour: Number(match[2]), minute: Number(match[3]) };
}

/** The first digest time strictly after `after`, in `timeZone`; a time a clock change skips moves on with it. */
export function nextDigestAt(after: Date, schedule: DigestSchedule, timeZone: string): Date {
  const now = DateTime.fromJSDate(after, { zone: timeZone });
  let candidate = now.set({ hour: schedule.hour, minute: schedule.minute, second: 0, millisecond: 0 }).plus({ days: (schedule.weekday - now.weekday + 7) % 7 });
  if (candidate <= now) candidate = candidate.plus({ weeks: 1 });
  return candidate.toJSDate();
}

/** Whether `at` is one of the schedule's times: a digest scheduled before the setting changed is not. */
export function isDigestTime(at: Date, schedule: DigestSchedule, timeZone: string): boolean {
  return nextDigestAt(new Date(at.getTime() - 1), schedule, timeZone).getTime() === at.getTime();
}

/** The week a digest at `at` covers, [a week before, at), and the week before that, a week being 7 calendar days there. */
export function digestWeeks(at: Date, timeZone: string): { thisWeek: { from: string; to: string }; lastWeek: { from: string; to: string } } {
  const end = DateTime.fromJSDate(at, { zone: timeZone });
  const iso = (moment: DateTime) => moment.toUTC().toISO() as string;
  return {
    thisWeek: { from: iso(end.minus({ weeks: 1 })), to: iso(end) },
    lastWeek: { from: iso(end.minus({ weeks: 2 })), to: iso(end.minus({ weeks: 1 })) },
  };
}
