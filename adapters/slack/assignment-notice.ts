import type { types } from '@slack/bolt';
import { z } from 'zod';
import { actorLabel } from '../../src/audit/case-history.js';
import type { Complaint } from '../../src/complaints/domain/complaint.js';
import { maskContactsInText } from '../../src/contacts/contact-format.js';
import type { OutboxPolicy } from '../../src/notifications/outbox-policies.js';
import type { CardContext, SlackMessage } from './case-card.js';
import { SLACK_CHANNEL } from './case-thread.js';
import type { StaffDirectory } from './staff-directory.js';
import { dateInWords, escapeMrkdwn, personWords, quoted, shorten, STAGE_WORDS } from './staff-words.js';

/** A direct message to someone given a case by someone else: the case, in short, and the way to its thread. */
export const ASSIGNMENT_NOTICE = 'assignment_notice';

export const assignmentNoticeRecipient = z.object({ user: z.string().min(1) });
export const assignmentNoticePayload = z.object({
  /** Who gave them the case: a Slack user id, or the history's label for anyone else (`staff:api`). */
  by: z.string(),
  previousAssigneeId: z.string().nullable(),
  at: z.string(),
});
export type AssignmentNoticePayload = z.infer<typeof assignmentNoticePayload>;

/**
 * Whoever is given a case by someone else is told directly, once (the dedupe key names the assignment). Someone who
 * takes a case themself needs no message, and someone who is not staff in Slack has nobody to receive one.
 */
export function assignmentNoticePolicy(staff: StaffDirectory): OutboxPolicy {
  return ({ after, events }) =>
    events.flatMap((event) => {
      if (event.type !== 'complaint.assigned') return [];
      const { assigneeId, previousAssigneeId } = event.data;
      const self = event.actor.kind === 'staff' && event.actor.id === assigneeId;
      if (self || !staff.isStaff(assigneeId)) return [];
      const payload: AssignmentNoticePayload = {
        by: event.actor.kind === 'staff' ? event.actor.id : actorLabel(event.actor),
        previousAssigneeId,
        at: event.at,
      };
      return [
        {
          reference: after.reference,
          channel: SLACK_CHANNEL,
          kind: ASSIGNMENT_NOTICE,
          recipient: { user: assigneeId },
          payload,
          dedupeKey: `${ASSIGNMENT_NOTICE}:${after.reference}:${assigneeId}:${event.at}`,
        },
      ];
    });
}

/** The message itself, drawn from the case as it is when it goes: the summary masked, as on the card. */
export function assignmentNotice(complaint: Complaint, notice: AssignmentNoticePayload, link: string, context: CardContext): SlackMessage {
  const { reference } = complaint;
  const from = notice.previousAssigneeId ? ` (it was with ${personWords(notice.previousAssigneeId)})` : '';
  const lines = [
    `:inbox_tray: ${personWords(notice.by)} gave you complaint *${reference}*${from}.`,
    `${escapeMrkdwn(context.categoryLabel(complaint.category))} · ${STAGE_WORDS[complaint.status]}`,
  ];
  const next = complaint.deadlines.filter((d) => d.settledAt === null).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  if (next) lines.push(`Next promise by ${dateInWords(next.dueAt, context.timeZone)}`);
  const summary = complaint.erasedAt ? '_Erased_' : quoted(escapeMrkdwn(shorten(maskContactsInText(complaint.description), 300)));
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    { type: 'section', text: { type: 'mrkdwn', text: summary } },
    { type: 'section', text: { type: 'mrkdwn', text: `<${link}|Open its card and conversation>` } },
  ];
  return { text: `You have been given complaint ${reference}`, blocks };
}
