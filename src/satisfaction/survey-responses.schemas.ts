import { z } from 'zod';

const instant = z.iso.datetime({ offset: true, error: 'must be a date and time such as 2026-03-01T00:00:00Z' }).transform((value) => new Date(value).toISOString());
const slug = z.string().trim().min(1).max(64).regex(/^[a-z0-9_-]+$/, 'must be lower-case letters, digits, - or _');
const positiveWholeNumber = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number such as 1 or 2')
    .transform(Number)
    .pipe(z.number().min(1, 'must be 1 or more').max(max, `must be at most ${max}`));

const filterShape = {
  channel: slug.optional(),
  category: slug.optional(),
  language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as en').optional(),
  from: instant.optional(),
  to: instant.optional(),
  low: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
};

const inOrder = (filter: { from?: string; to?: string }) => !filter.from || !filter.to || filter.from < filter.to;

/** Which survey responses staff ask for: by channel, category, language, when answered, and whether they alerted staff. */
export const responseFilterSchema = z.strictObject(filterShape).refine(inOrder, { error: 'must be after from', path: ['to'] });

export const responseListSchema = z
  .strictObject({ ...filterShape, page: positiveWholeNumber(Number.MAX_SAFE_INTEGER).default(1), pageSize: positiveWholeNumber(100).default(20) })
  .refine(inOrder, { error: 'must be after from', path: ['to'] });

export type ResponseFilterQuery = z.infer<typeof responseFilterSchema>;
export type ResponseListQuery = z.infer<typeof responseListSchema>;
