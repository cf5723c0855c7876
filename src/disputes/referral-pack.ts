import escapeHtml from 'escape-html';
import { z } from 'zod';
import type { Complaint, Contact } from '../complaints/domain/complaint.js';
import type { Dispute } from './domain/dispute.js';

/**
 * What Redress hands a dispute-resolution provider about a case: who complained about what, what the customer said,
 * the final response, what happened when, and the case history with the result of its hash-chain check. The customer's
 * contact details are in it only when they consented to share their case file.
 */
export const referralPackSchema = z.object({
  format: z.literal('redress-referral-pack/1'),
  generatedAt: z.iso.datetime(),
  organisation: z.string(),
  summary: z.object({
    reference: z.string(),
    category: z.string(),
    status: z.string(),
    channel: z.string(),
    language: z.string(),
    receivedAt: z.string(),
    customerName: z.string().nullable(),
  }),
  dispute: z.object({
    provider: z.string().nullable(),
    providerReference: z.string().nullable(),
    status: z.string(),
    offeredAt: z.string(),
    referralDeadline: z.string().nullable(),
    consentToShare: z.boolean(),
    wordingVersion: z.string().nullable(),
  }),
  /** Present only with the customer's consent to share their case file. */
  contact: z.object({ kind: z.string(), value: z.string() }).nullable(),
  statement: z.object({ description: z.string(), remedySought: z.string().nullable(), occurredOn: z.string().nullable() }),
  finalResponse: z.object({ outcome: z.string(), explanation: z.string(), givenAt: z.string() }).nullable(),
  timeline: z.array(z.object({ at: z.string(), what: z.string(), by: z.string() })),
  history: z.object({
    /** The chain check's verdict: intact, or which event first breaks it. */
    verification: z.object({ intact: z.boolean(), events: z.number().int(), problem: z.string().optional(), seq: z.number().int().optional() }),
    events: z.array(
      z.object({ seq: z.number().int(), type: z.string(), actor: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()), hash: z.string(), prevHash: z.string() }),
    ),
  }),
});
export type ReferralPack = z.infer<typeof referralPackSchema>;

export interface HistoryEvent {
  seq: number;
  type: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
  hash: string;
  prevHash: string;
}

/** What each event reads as in the timeline: a provider's caseworker reads it, not a developer. */
const TIMELINE_WORDS: Record<string, string> = {
  'complaint.received': 'Complaint received',
  'complaint.acknowledged': 'Complaint acknowledged',
  'complaint.assessed': 'Complaint assessed',
  'complaint.investigation_started': 'Investigation started',
  'complaint.information_requested': 'Information asked of the customer',
  'complaint.information_received': 'Information received from the customer',
  'complaint.response_proposed': 'Response proposed',
  'complaint.response_accepted': 'Response accepted by the customer',
  'complaint.response_rejected': 'Response rejected by the customer',
  'complaint.marked_unresolved': 'Marked unresolved',
  'complaint.closed': 'Complaint closed',
  'complaint.withdrawn': 'Complaint withdrawn',
  'complaint.reopened': 'Complaint reopened',
  'deadline.missed': 'A deadline of our code of conduct was missed',
  'dispute.offered': 'Dispute-resolution options offered',
  'dispute.reoffered': 'Dispute-resolution options offered again',
  'dispute.consented': 'Customer consented to the referral',
  'dispute.declined': 'Customer declined the options',
  'dispute.deferred': 'Customer chose to decide later',
  'dispute.consent_withdrawn': 'Customer withdrew consent',
  'dispute.referred': 'Referred',
  'dispute.accepted_by_provider': 'Accepted by the provider',
  'dispute.outcome_recorded': 'Provider’s outcome recorded',
  'dispute.remedy_implemented': 'Remedy carried out',
  'dispute.closed': 'Dispute closed',
};

export function buildReferralPack(input: {
  organisation: string;
  complaint: Complaint;
  dispute: Dispute;
  providerName: string | null;
  contact: Contact | null;
  events: HistoryEvent[];
  verification: ReferralPack['history']['verification'];
  now: Date;
}): ReferralPack {
  const { complaint, dispute } = input;
  return referralPackSchema.parse({
    format: 'redress-referral-pack/1',
    generatedAt: input.now.toISOString(),
    organisation: input.organisation,
    summary: {
      reference: complaint.reference,
      category: complaint.category,
      status: complaint.status,
      channel: complaint.channel,
      language: complaint.language,
      receivedAt: complaint.receivedAt,
      customerName: dispute.consentToShare ? complaint.customerName : null,
    },
    dispute: {
      provider: input.providerName,
      providerReference: dispute.providerReference,
      status: dispute.status,
      offeredAt: dispute.offeredAt,
      referralDeadline: dispute.referralDeadline,
      consentToShare: dispute.consentToShare,
      wordingVersion: dispute.wordingVersion,
    },
    contact: dispute.consentToShare && input.contact ? { kind: input.contact.kind, value: input.contact.value } : null,
    statement: { description: complaint.description, remedySought: complaint.remedySought, occurredOn: complaint.occurredOn },
    finalResponse: complaint.proposedResponse
      ? { outcome: complaint.proposedResponse.outcome, explanation: complaint.proposedResponse.explanation, givenAt: complaint.proposedResponse.proposedAt }
      : null,
    timeline: input.events
      .filter((event) => event.type in TIMELINE_WORDS)
      .map((event) => ({ at: event.at, what: TIMELINE_WORDS[event.type], by: event.actor })),
    history: { verification: input.verification, events: input.events },
  });
}

/** The pack as a printable page: self-contained HTML, every value escaped. */
export function referralPackHtml(pack: ReferralPack): string {
  const e = (value: unknown) => escapeHtml(value === null || value === undefined ? '—' : String(value));
  const row = (label: string, value: unknown) => `<tr><th scope="row">${e(label)}</th><td>${e(value)}</td></tr>`;
  const verdict = pack.history.verification.intact
    ? `The case history of ${pack.history.verification.events} events is intact: its hash chain and seal check.`
    : `The case history failed its check (${pack.history.verification.problem ?? 'broken chain'}${pack.history.verification.seq ? ` at event ${pack.history.verification.seq}` : ''}).`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Referral pack ${e(pack.summary.reference)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; line-height: 1.4; color: #111; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #ccc; padding: .3rem .5rem; }
code { font-size: .8em; word-break: break-all; }
@media print { body { margin: 0; } h2 { page-break-after: avoid; } }
</style>
</head>
<body>
<h1>Referral pack: complaint ${e(pack.summary.reference)}</h1>
<p>From ${e(pack.organisation)}, generated ${e(pack.generatedAt)}.</p>
<h2>Case summary</h2>
<table>
${row('Reference', pack.summary.reference)}
${row('Category', pack.summary.category)}
${row('Status', pack.summary.status)}
${row('Received', pack.summary.receivedAt)}
${row('Channel', pack.summary.channel)}
${row('Customer', pack.summary.customerName)}
${row('Contact', pack.contact ? `${pack.contact.kind}: ${pack.contact.value}` : 'Not shared: the customer did not consent to share it')}
${row('Referred to', pack.dispute.provider)}
${row('Provider’s reference', pack.dispute.providerReference)}
${row('Last day to refer', pack.dispute.referralDeadline)}
</table>
<h2>The customer’s statement</h2>
<p>${e(pack.statement.description)}</p>
${pack.statement.remedySought ? `<p><strong>What the customer asked for:</strong> ${e(pack.statement.remedySought)}</p>` : ''}
<h2>Our final response</h2>
${pack.finalResponse ? `<p><strong>${e(pack.finalResponse.outcome)}</strong> (${e(pack.finalResponse.givenAt)})</p><p>${e(pack.finalResponse.explanation)}</p>` : '<p>No final response was given.</p>'}
<h2>Timeline</h2>
<table>
<thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">By</th></tr></thead>
<tbody>
${pack.timeline.map((item) => `<tr><td>${e(item.at)}</td><td>${e(item.what)}</td><td>${e(item.by)}</td></tr>`).join('\n')}
</tbody>
</table>
<h2>Verified case history</h2>
<p>${e(verdict)}</p>
<table>
<thead><tr><th scope="col">#</th><th scope="col">Event</th><th scope="col">When</th><th scope="col">Hash</th></tr></thead>
<tbody>
${pack.history.events.map((event) => `<tr><td>${e(event.seq)}</td><td>${e(event.type)}</td><td>${e(event.at)}</td><td><code>${e(event.hash)}</code></td></tr>`).join('\n')}
</tbody>
</table>
</body>
</html>
`;
}
