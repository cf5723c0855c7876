import type { Complaint } from './complaint.js';

/**
 * A complaint with nothing left that identifies its customer or says what they or staff wrote: only what counts it
 * in the statistics (status, channel, category, dates, deadlines met or missed, priority, outcome, root cause, who
 * handled it). The contact keeps its kind, for counts by channel, and loses its address.
 */
export function anonymisedComplaint(complaint: Complaint, at: string): Complaint {
  const summaryless = complaint.assessment ? (({ summary: _summary, ...rest }) => rest)(complaint.assessment) : null;
  return {
    ...complaint,
    contact: { kind: complaint.contact.kind, value: '' },
    originKey: null,
    customerName: null,
    description: '',
    remedySought: null,
    openQuestion: null,
    assessment: summaryless,
    proposedResponse: complaint.proposedResponse ? { ...complaint.proposedResponse, explanation: '' } : null,
    erasedAt: at,
  };
}
