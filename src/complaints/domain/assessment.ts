/** ISO 10002 initial assessment: how serious, how wide, how hard and how urgent a complaint is. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const LEVELS = ['low', 'medium', 'high'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;

export type Severity = (typeof SEVERITIES)[number];
export type Level = (typeof LEVELS)[number];
export type Priority = (typeof PRIORITIES)[number];

export interface Assessment {
  severity: Severity;
  impact: Level;
  complexity: Level;
  urgency: Level;
  /** Anything that touches someone's health or safety goes to the top, whatever the other answers. */
  healthOrSafety: boolean;
  summary?: string;
}

/**
 * Severity weighs double; complexity is left out on purpose: it says how long the work takes, not how soon it
 * must start.
 */
export function priorityOf(assessment: Assessment): Priority {
  if (assessment.healthOrSafety) return 'critical';
  const points =
    2 * SEVERITIES.indexOf(assessment.severity) + LEVELS.indexOf(assessment.impact) + LEVELS.indexOf(assessment.urgency);
  if (points >= 8) return 'critical';
  if (points >= 5 || assessment.severity === 'critical') return 'high';
  if (points >= 2) return 'medium';
  return 'low';
}
