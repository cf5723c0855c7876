import type { CodeOfConduct } from '../conduct/code-of-conduct.schema.js';
import type { Dimension } from './indicators.repository.js';

/** The words the code of conduct gives a category or root cause id, for people reading a report. */
export interface ReportLabels {
  category(id: string): string | null;
  rootCause(id: string): string | null;
}

export function reportLabels(code: Pick<CodeOfConduct, 'categories' | 'rootCauses'>): ReportLabels {
  const categories = new Map(code.categories.map((category) => [category.id, category.label]));
  const rootCauses = new Map(code.rootCauses.map((cause) => [cause.id, cause.label]));
  return { category: (id) => categories.get(id) ?? null, rootCause: (id) => rootCauses.get(id) ?? null };
}

/** Labels nothing: for a report built without a code of conduct at hand. */
export const NO_LABELS: ReportLabels = { category: () => null, rootCause: () => null };

/**
 * The label of a volume's key, or null for a key the code no longer lists (a category dropped since) or for no key
 * at all (no root cause recorded). An outcome is written by staff in their own words when they close a case, so it is
 * its own label. Channels have none: their ids are the names staff know them by.
 */
export function labelOf(dimension: Exclude<Dimension, 'channel'>, key: string | null, labels: ReportLabels): string | null {
  if (key === null) return null;
  switch (dimension) {
    case 'category':
      return labels.category(key);
    case 'rootCause':
      return labels.rootCause(key);
    case 'outcome':
      return key;
  }
}
