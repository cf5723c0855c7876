import { z } from 'zod';

const instant = z.iso.datetime({ offset: true, error: 'must be a date and time such as 2026-03-01T00:00:00Z' }).transform((value) => new Date(value).toISOString());
const slug = z
  .string()
  .trim()
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9_]+(?:-[a-z0-9_]+)*$/, 'must be a slug such as delivery or time-to-acknowledge');

const filterShape = {
  from: instant.optional(),
  to: instant.optional(),
  category: slug.optional(),
  channel: slug.optional(),
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
};

const inOrder = (filter: { from?: string; to?: string }) => !filter.from || !filter.to || filter.from < filter.to;

/** The complaints report: complaints received in [from, to), of a category and a channel. */
export const complaintReportQuerySchema = z.strictObject(filterShape).refine(inOrder, { error: 'must be after from', path: ['to'] });

/** The promises report: the same, for one promise if asked, with a trend by month or quarter if asked. */
export const promiseReportQuerySchema = z
  .strictObject({
    ...filterShape,
    promise: slug.optional(),
    by: z.enum(['month', 'quarter'], { error: 'must be month or quarter' }).optional(),
  })
  .refine(inOrder, { error: 'must be after from', path: ['to'] });

/** The satisfaction report: surveys and answers about the complaints received in [from, to), of a category and a channel. */
export const satisfactionReportQuerySchema = complaintReportQuerySchema;

export type ComplaintReportQuery = z.infer<typeof complaintReportQuerySchema>;
export type PromiseReportQuery = z.infer<typeof promiseReportQuerySchema>;
