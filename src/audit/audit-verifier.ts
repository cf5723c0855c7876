import type { ComplaintRepository } from '../complaints/complaint.repository.js';
import type { CaseEventRecord } from './case-event.entity.js';
import type { CaseHistory } from './case-history.js';
import type { CaseHistoryRepository } from './case-history.repository.js';
import { furthestHeads, readCheckpoints } from './checkpoints.js';

export interface AuditReport {
  cases: number;
  events: number;
  checkpoints: number;
  /** One line each, naming the case and what is wrong; empty when everything holds. */
  problems: string[];
}

/** The status a case's history says it is in: where its last change of status went. */
function statusByHistory(events: readonly CaseEventRecord[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const { type, data } = events[i];
    if (type.startsWith('complaint.') && typeof data.from === 'string' && typeof data.to === 'string') return data.to;
    if (type === 'complaint.received') return 'received';
  }
  return undefined;
}

/**
 * Everything an auditor would check: the append-only guards are in place; every case's chain holds and fits its seal;
 * no history is shorter than, or ends elsewhere than, a signed checkpoint saw it; every case's status is the one its
 * history leads to.
 */
export async function verifyAudit(
  sources: { history: CaseHistory; records: CaseHistoryRepository; complaints: ComplaintRepository },
  key: string,
  checkpointText: string,
): Promise<AuditReport> {
  const { history, records } = sources;
  const problems: string[] = [];
  for (const trigger of await records.missingAppendOnlyTriggers()) problems.push(`the database trigger ${trigger} that keeps the case history append-only is missing or disabled`);

  const read = readCheckpoints(key, checkpointText);
  if (!read.ok) problems.push(`checkpoint line ${read.line}: ${read.problem.replaceAll('_', ' ')}`);
  const checkpoints = read.ok ? read.checkpoints : [];
  const vouched = furthestHeads(checkpoints);

  const statuses: Map<string, string> = await sources.complaints.statuses();
  const references = [...new Set([...statuses.keys(), ...(await records.references()), ...vouched.keys()])].sort();

  let events = 0;
  for (const reference of references) {
    const list = await history.list(reference);
    events += list.length;
    const verdict = await history.verify(reference, list);
    if (!verdict.intact) {
      problems.push(`${reference}: ${verdict.problem.replaceAll('_', ' ')}${'firstBrokenSeq' in verdict ? ` at event ${verdict.firstBrokenSeq}` : ''}`);
    }
    const seen = vouched.get(reference);
    if (seen && list.length < seen.events) {
      problems.push(`${reference}: the history has ${list.length} events, but a signed checkpoint saw ${seen.events}`);
    } else if (seen && list[seen.events - 1].hash !== seen.headHash) {
      problems.push(`${reference}: event ${seen.events} is not the one a signed checkpoint saw`);
    }
    const status = statuses.get(reference);
    const expected = statusByHistory(list);
    if (status === undefined) problems.push(`${reference}: a history with no complaint`);
    else if (expected !== status) problems.push(`${reference}: the complaint says ${status}, its history says ${expected ?? 'nothing'}`);
  }
  return { cases: references.length, events, checkpoints: checkpoints.length, problems };
}
