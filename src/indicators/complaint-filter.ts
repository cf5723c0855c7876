import type { IndicatorFilter } from './indicators.repository.js';

/**
 * The WHERE clause every report shares: complaints (aliased `c`) received in the period, of the category and channel
 * asked for, with any conditions of the report's own, and `?` parameters in order.
 */
export function complaintWhere(filter: IndicatorFilter, conditions: string[] = [], more: [string, unknown][] = []): { where: string; params: unknown[] } {
  const all = [...conditions];
  const params: unknown[] = [];
  const pairs: [string, unknown][] = [
    ['c.received_at >= ?', filter.from],
    ['c.received_at < ?', filter.to],
    ['c.category = ?', filter.category],
    ['c.channel = ?', filter.channel],
    ...more,
  ];
  for (const [condition, value] of pairs) {
    if (!value) continue;
    all.push(condition);
    params.push(value);
  }
  return { where: all.length > 0 ? `WHERE ${all.join(' AND ')}` : '', params };
}
