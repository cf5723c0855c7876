import Holidays from 'date-holidays';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isPhoneNumber, webHref } from './contact-links.js';
import { RESPONSE_ELEMENTS, RESPONSE_TEMPLATES } from './response-requirements.js';
import { satisfactionSurveySchema } from './satisfaction-survey.schema.js';

export const PROFILE_NAMES = ['default', 'uk-fca', 'us-cfpb', 'au-asic'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export const CLOCK_KINDS = ['calendar', 'business_days', 'business_hours'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export const TARGET_UNITS = ['hours', 'days', 'weeks', 'months'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];

export const INDICATORS = [
  'time_to_acknowledge',
  'time_to_summary_resolution',
  'time_to_holding_response',
  'time_to_final_response',
  'status_update_interval',
  'referral_window',
  'time_to_handoff_reply',
] as const;
export type Indicator = (typeof INDICATORS)[number];

export const PROMISE_STARTS = ['received', 'final_response', 'handoff_requested'] as const;
export type PromiseStart = (typeof PROMISE_STARTS)[number];

/**
 * A referral window only opens once there is a final response, and a reply to someone who asked for a person runs
 * from their asking; every other promise runs from receipt.
 */
export const INDICATOR_STARTS: Readonly<Record<Indicator, readonly PromiseStart[]>> = {
  time_to_acknowledge: ['received'],
  time_to_summary_resolution: ['received'],
  time_to_holding_response: ['received'],
  time_to_final_response: ['received'],
  status_update_interval: ['received'],
  referral_window: ['final_response'],
  time_to_handoff_reply: ['handoff_requested'],
};

export const HOLIDAY_TYPES = ['public', 'bank', 'optional', 'school', 'observance'] as const;

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug: lower-case letters and digits joined by single hyphens');
const text = z.string().trim().min(1, 'must not be empty');
const webAddress = text.refine((value) => webHref(value) !== undefined, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an http(s) web address`,
});
const phone = text.refine(isPhoneNumber, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a phone number`,
});

function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

let holidayCatalogue: Holidays | undefined;
function holidayData(): Holidays {
  holidayCatalogue ??= new Holidays();
  return holidayCatalogue;
}

const contactRouteSchema = z
  .strictObject({
    kind: z.enum(['phone', 'email', 'web', 'post', 'sms', 'chat']),
    label: text,
    value: text,
  })
  .superRefine((route, ctx) => {
    const problem = contactValueProblem(route.kind, route.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

function contactValueProblem(kind: ContactRoute['kind'], value: string): string | undefined {
  const shown = JSON.stringify(value);
  switch (kind) {
    case 'phone':
    case 'sms':
      return isPhoneNumber(value) ? undefined : `${shown} is not a phone number`;
    case 'email':
      return z.email().safeParse(value).success ? undefined : `${shown} is not an email address`;
    case 'web':
      return webHref(value) ? undefined : `${shown} is not an http(s) web address`;
    case 'chat':
    case 'post':
      return undefined;
  }
}

const timeOfDay = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time of day as HH:MM (24-hour clock)');

const workingHoursSchema = z
  .strictObject({ start: timeOfDay, end: timeOfDay })
  .refine((hours) => hours.start < hours.end, { error: 'start must be before end', path: ['end'] });

const holidaysSchema = z
  .strictObject({
    country: z.string().trim().toUpperCase(),
    region: z.string().trim().toUpperCase().optional(),
    types: z.array(z.enum(HOLIDAY_TYPES)).min(1).default(['public', 'bank']),
  })
  .superRefine((holidays, ctx) => {
    const catalogue = holidayData();
    if (!(holidays.country in catalogue.getCountries())) {
      ctx.addIssue({
        code: 'custom',
        path: ['country'],
        message: `${JSON.stringify(holidays.country)} is not a country known to date-holidays`,
      });
      return;
    }
    if (holidays.region !== undefined && !(holidays.region in (catalogue.getStates(holidays.country) ?? {}))) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `${JSON.stringify(holidays.region)} is not a region of ${holidays.country} known to date-holidays`,
      });
    }
  });

const clockSchema = z
  .strictObject({
    kind: z.enum(CLOCK_KINDS),
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), {
      error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone such as Europe/London`,
    }),
    workingDays: z
      .array(z.number().int().min(1, 'ISO weekdays run 1 (Monday) to 7 (Sunday)').max(7, 'ISO weekdays run 1 (Monday) to 7 (Sunday)'))
      .min(1)
      .refine((days) => new Set(days).size === days.length, 'must not repeat a day')
      .default([1, 2, 3, 4, 5]),
    workingHours: workingHoursSchema.optional(),
    holidays: holidaysSchema.optional(),
  })
  .superRefine((clock, ctx) => {
    if (clock.kind === 'business_hours' && !clock.workingHours) {
      ctx.addIssue({ code: 'custom', path: ['workingHours'], message: 'is required for a business_hours clock' });
    }
  });

const targetSchema = z.strictObject({
  amount: z.number().int().positive(),
  unit: z.enum(TARGET_UNITS),
});

const promiseSchema = z.strictObject({
  id: slug,
  text,
  indicator: z.enum(INDICATORS),
  target: targetSchema,
  clock: z.string().min(1),
  from: z.enum(PROMISE_STARTS).default('received'),
  warnAtFraction: z
    .number()
    .gt(0, 'must be between 0 and 1')
    .lt(1, 'must be between 0 and 1')
    .default(0.8),
  /**
   * Whether the deadline moves on while the case waits for the customer. An organisation's own promise may; a
   * regulator's time limit does not (FCA DISP 1.6.2R, CFPB 15/60 days, ASIC RG 271: none of them stops the clock).
   */
  pausesForCustomer: z.boolean().default(true),
  /**
   * The categories this promise is limited to. For a complaint in one of them it replaces the promises of the same
   * indicator that name no categories (ASIC RG 271: 21 days for hardship complaints instead of 30; FCA DISP 1.6.2A:
   * 15 business days for payment services instead of 8 weeks).
   */
  categories: z.array(slug).min(1, 'must name at least one category, or be left out').optional(),
  /**
   * How long before its deadline a holding or delay response is prepared: the person who has the case is asked for
   * the reasons and the expected date then, so that the response reaches the customer before the time is up.
   */
  leadTime: z.strictObject({ amount: z.number().int().positive(), unit: z.enum(TARGET_UNITS) }).optional(),
  /** The latest date a holding response may promise the final response by, counted from receipt (DISP 1.6.2A: 35 business days). */
  expectedWithin: z.strictObject({ amount: z.number().int().positive(), unit: z.enum(TARGET_UNITS) }).optional(),
});

const categorySchema = z.strictObject({
  id: slug,
  label: text,
  description: text.optional(),
  /** The label and description in other languages the dialogs speak, by language code: `es: { label: Entrega }`. */
  translations: z.record(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code'), z.strictObject({ label: text, description: text.optional() })).optional(),
});

export const DISPUTE_METHODS = ['facilitative', 'advisory', 'determinative'] as const;
export type DisputeMethod = (typeof DISPUTE_METHODS)[number];

/** Whom a provider's outcome binds: `organisation_if_accepted` is an ombudsman's decision once the customer accepts it. */
export const OUTCOME_BINDS = ['organisation', 'customer', 'both', 'neither', 'organisation_if_accepted', 'both_if_accepted'] as const;
export type OutcomeBinds = (typeof OUTCOME_BINDS)[number];

const isoDuration = z.string().refine((value) => /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/.test(value), {
  error: (issue) => `${JSON.stringify(issue.input)} is not an ISO 8601 period such as P6M or P2Y`,
});

/** The words of a provider that customers read, in another language the dialogs speak. */
const providerWordsSchema = z.strictObject({
  cost: text.optional(),
  typicalDuration: text.optional(),
  eligibility: text.optional(),
  accessibility: text.optional(),
  independence: text.optional(),
  description: text.optional(),
});

/**
 * An ISO 10003 dispute-resolution provider the organisation offers when a complaint stays unresolved. What customers
 * are told about it (who, how independent, cost, binding or not, how long, the last day to refer) comes from here.
 */
const disputeProviderSchema = z.strictObject({
  id: slug,
  kind: z.enum(['ombudsman', 'mediation', 'arbitration', 'regulator']),
  name: text,
  /** Facilitative (mediation, conciliation), advisory (a recommendation) or determinative (a decision, arbitration). */
  method: z.enum(DISPUTE_METHODS),
  outcomeBinds: z.enum(OUTCOME_BINDS),
  /** What it costs the customer, in plain words: "Free for you." */
  cost: text,
  typicalDuration: text,
  /**
   * How long after the final response the customer may refer (`P6M`); null when the provider takes complaints at any
   * time.
   */
  referralWindow: isoDuration.nullable(),
  eligibility: text.optional(),
  website: webAddress.optional(),
  phone: phone.optional(),
  contactRoutes: z.array(contactRouteSchema).default([]),
  /** Languages it works in, as BCP 47 tags. */
  languages: z
    .array(z.string().refine(isLanguageTag, { error: (issue) => `${JSON.stringify(issue.input)} is not a BCP 47 language tag` }))
    .default([]),
  accessibility: text.optional(),
  /** Why the customer can trust it to be fair: who it answers to, who pays for it. */
  independence: text,
  description: text.optional(),
  translations: z.record(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code'), providerWordsSchema).optional(),
});

const responseSchema = z.strictObject({
  /** The wording the customer reads: what its regulator requires the response to say. */
  template: z.enum(RESPONSE_TEMPLATES),
  /** What staff must give before the response can go out; a response without one is refused, naming it. */
  requires: z.array(z.enum(RESPONSE_ELEMENTS)).default([]),
});

/**
 * The responses whose content a regulator prescribes. Unset: a final response needs an outcome, a holding response
 * its reasons and expected date, and the texts name no ombudsman.
 */
const responsesSchema = z
  .strictObject({
    finalResponse: responseSchema.default({ template: 'plain', requires: ['outcome'] }),
    summaryResolution: responseSchema.optional(),
    holdingResponse: responseSchema.default({ template: 'plain', requires: ['reasons', 'expectedBy'] }),
  })
  .prefault({});

const rootCauseSchema = z.strictObject({ id: slug, label: text.max(75, 'must be at most 75 characters, as Slack shows them') });

/**
 * What closed complaints are put down to, for the analysis ISO 10002 asks of them; staff choose one when they close
 * a case. An organisation may list its own.
 */
export const DEFAULT_ROOT_CAUSES: readonly RootCause[] = [
  { id: 'process', label: 'A process or procedure' },
  { id: 'people', label: 'A person’s action or mistake' },
  { id: 'product', label: 'The product or service itself' },
  { id: 'communication', label: 'Information or communication' },
  { id: 'systems', label: 'IT systems or tools' },
  { id: 'third-party', label: 'A supplier or partner' },
  { id: 'policy', label: 'A policy or the terms' },
  { id: 'no-fault', label: 'No fault found' },
];

function addDuplicateIssues(ctx: z.RefinementCtx, items: readonly { id: string }[], path: string[]): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: [...path, index, 'id'], message: `${JSON.stringify(item.id)} is used twice` });
    }
    seen.add(item.id);
  });
}

const retentionDays = (days: number) => z.number().int().min(1, 'must be at least one day').max(3650).default(days);

/**
 * How long Redress keeps what customers leave outside a complaint (UK GDPR / GDPR storage limitation), and, when set,
 * how long a closed complaint keeps what identifies its customer.
 */
export const retentionSchema = z
  .strictObject({
    /** Web chat conversations that never became a complaint, from their last activity. */
    abandonedConversationsDays: retentionDays(30),
    /** Texts from customers, once handled, unless an open complaint's. */
    inboundMessagesDays: retentionDays(90),
    /** Where a customer was in a dialog, from its last change, unless an open complaint's; never longer than the other two. */
    dialogStateDays: retentionDays(30),
    /**
     * Months after a complaint was closed or withdrawn when it is anonymised: its customer's name, contact and every
     * text erased, its statistics kept. Unset: complaints keep them (a regulator may require years).
     */
    closedCasesAnonymisedMonths: z.number().int().min(1, 'must be at least one month').max(1200).optional(),
  })
  .prefault({});
export type RetentionPolicy = z.output<typeof retentionSchema>;

/** An ISO 10001 code of conduct: the promises an organisation makes about complaints, and the clocks they run on. */
export const codeOfConductSchema = z
  .strictObject({
    profile: z.enum(PROFILE_NAMES).optional(),
    organisation: z.strictObject({
      name: text,
      website: webAddress.optional(),
      contactRoutes: z.array(contactRouteSchema).min(1, 'must list at least one way to complain'),
      /**
       * Who deals with complaints, as customers read it after "our": "Customer Relations team". The acknowledgement
       * names the person dealing with a complaint where their first name is configured, and this team otherwise.
       */
      complaintsTeam: text.max(60, 'must be at most 60 characters').optional(),
    }),
    language: z
      .string()
      .refine(isLanguageTag, { error: (issue) => `${JSON.stringify(issue.input)} is not a BCP 47 language tag` })
      .default('en'),
    categories: z.array(categorySchema).min(1, 'must list at least one category'),
    clocks: z.record(slug, clockSchema),
    promises: z.array(promiseSchema).min(1, 'must list at least one promise'),
    externalDisputeResolution: z
      .strictObject({
        providers: z.array(disputeProviderSchema).min(1, 'must list at least one provider'),
        referralNote: text.optional(),
      })
      .optional(),
    reopenWindowDays: z.number().int().min(0).max(3650).optional(),
    responses: responsesSchema,
    satisfactionSurvey: satisfactionSurveySchema.optional(),
    retention: retentionSchema,
    rootCauses: z
      .array(rootCauseSchema)
      .min(1, 'must list at least one root cause')
      // Slack's select menu offers at most 100 options
      .max(100, 'must list at most 100 root causes')
      .default(() => [...DEFAULT_ROOT_CAUSES]),
  })
  .superRefine((code, ctx) => {
    addDuplicateIssues(ctx, code.categories, ['categories']);
    addDuplicateIssues(ctx, code.promises, ['promises']);
    addDuplicateIssues(ctx, code.rootCauses, ['rootCauses']);
    if (code.externalDisputeResolution) {
      addDuplicateIssues(ctx, code.externalDisputeResolution.providers, ['externalDisputeResolution', 'providers']);
    }
    for (const [kind, response] of Object.entries(code.responses)) {
      // every wording but the plain one names the ombudsman or regulator and where to find it
      if (response && response.template !== 'plain' && !code.externalDisputeResolution?.providers[0]?.website) {
        ctx.addIssue({
          code: 'custom',
          path: ['responses', kind, 'template'],
          message: `${JSON.stringify(response.template)} names the dispute-resolution provider: the first provider needs a website`,
        });
      }
    }
    code.promises.forEach((promise, index) => {
      if (!Object.hasOwn(code.clocks, promise.clock)) {
        ctx.addIssue({
          code: 'custom',
          path: ['promises', index, 'clock'],
          message: `${JSON.stringify(promise.clock)} is not a defined clock`,
        });
      }
      promise.categories?.forEach((category, at) => {
        if (!code.categories.some((known) => known.id === category)) {
          ctx.addIssue({
            code: 'custom',
            path: ['promises', index, 'categories', at],
            message: `${JSON.stringify(category)} is not a defined category`,
          });
        }
      });
      for (const field of ['leadTime', 'expectedWithin'] as const) {
        if (promise[field] && promise.indicator !== 'time_to_holding_response') {
          ctx.addIssue({
            code: 'custom',
            path: ['promises', index, field],
            message: 'suits only a time_to_holding_response promise',
          });
        }
      }
      const starts = INDICATOR_STARTS[promise.indicator];
      if (!starts.includes(promise.from)) {
        ctx.addIssue({
          code: 'custom',
          path: ['promises', index, 'from'],
          message: `${JSON.stringify(promise.from)} does not suit ${promise.indicator}, which runs from ${starts.join(' or ')}`,
        });
      }
    });
  });

export type CodeOfConduct = z.output<typeof codeOfConductSchema>;
export type CodeOfConductInput = z.input<typeof codeOfConductSchema>;
export type ContactRoute = z.output<typeof contactRouteSchema>;
export type Category = z.output<typeof categorySchema>;
export type ClockSpec = z.output<typeof clockSchema>;
export type WorkingHours = z.output<typeof workingHoursSchema>;
export type ConductPromise = z.output<typeof promiseSchema>;
export type Target = z.output<typeof targetSchema>;
export type DisputeProvider = z.output<typeof disputeProviderSchema>;
export type DisputeProviderWords = z.output<typeof providerWordsSchema>;
export type RootCause = z.output<typeof rootCauseSchema>;
export type ResponseRules = z.output<typeof responsesSchema>;
