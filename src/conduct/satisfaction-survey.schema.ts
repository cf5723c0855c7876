import { Duration, IANAZone } from 'luxon';
import { z } from 'zod';

const timeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM (24-hour clock)');

/** An ISO 8601 duration such as P2D or PT36H, read by luxon; months and years are refused as they have no fixed length. */
const isoDuration = z.string().superRefine((value, ctx) => {
  const duration = Duration.fromISO(value);
  if (!duration.isValid) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not an ISO 8601 duration such as P2D or PT36H` });
    return;
  }
  if (duration.years !== 0 || duration.quarters !== 0 || duration.months !== 0) {
    ctx.addIssue({ code: 'custom', message: 'must be counted in weeks, days, hours or minutes' });
    return;
  }
  if (duration.as('minutes') <= 0) ctx.addIssue({ code: 'custom', message: 'must be longer than nothing' });
});

/**
 * ISO 10004 follow-up after closure: when a customer who agreed to it is asked how the complaint was handled. Without
 * this section no survey is sent and no customer is asked for their consent to one.
 */
export const satisfactionSurveySchema = z
  .strictObject({
    /** After closure, before the survey is sent. */
    delay: isoDuration.default('P2D'),
    /** No survey message reaches a customer between `from` and `until`, in `timeZone`. */
    quietHours: z
      .strictObject({ from: timeOfDay.default('21:00'), until: timeOfDay.default('08:00') })
      .refine((hours) => hours.from !== hours.until, { error: 'from and until must differ', path: ['until'] })
      .prefault({}),
    /**
     * The customers' time zone for quiet hours. Unset: the time zone of the code of conduct's first clock, as a complaint
     * does not record where its customer is.
     */
    timeZone: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), {
        error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone such as Europe/London`,
      })
      .optional(),
    /** After the survey, one reminder if nothing was answered; unset: no reminder. */
    reminderAfter: isoDuration.optional(),
    /** After the survey, when answers are no longer taken. */
    expiresAfter: isoDuration.default('P14D'),
    /**
     * The channels a survey goes out on: web chat and SMS ask the questions in the conversation; email sends a link to
     * a survey page that asks them (it needs PUBLIC_URL). A customer kept updated on a channel not listed gets none,
     * recorded as not sent with the reason `channel_not_surveyed`.
     */
    channels: z
      .array(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a channel id such as sms'))
      .min(1, 'must list at least one channel')
      .default(['webchat', 'sms', 'email']),
  })
  .superRefine((survey, ctx) => {
    if (survey.reminderAfter && Duration.fromISO(survey.reminderAfter).as('minutes') >= Duration.fromISO(survey.expiresAfter).as('minutes')) {
      ctx.addIssue({ code: 'custom', path: ['reminderAfter'], message: 'must be shorter than expiresAfter' });
    }
  });

export type SatisfactionSurveySettings = z.output<typeof satisfactionSurveySchema>;
