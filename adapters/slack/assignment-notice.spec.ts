import { describe, expect, it } from '@jest/globals';
import type { NewCaseEvent } from '../../src/audit/case-history.js';
import { aComplaint, aComplaintIn } from '../../src/complaints/domain/complaint.fixtures.js';
import { assignmentNotice, assignmentNoticePolicy } from './assignment-notice.js';
import { StaffDirectory } from './staff-directory.js';

const staff = new StaffDirectory(['U0HANDLER1', 'U0HANDLER2'], ['U0SUPER01']);
const policy = assignmentNoticePolicy(staff);
const AT = '2026-03-02T10:00:00.000Z';

function assigned(assigneeId: string, actorId: string, previousAssigneeId: string | null = null): NewCaseEvent {
  return { type: 'complaint.assigned', actor: { kind: 'staff', id: actorId, role: 'supervisor' }, at: AT, data: { assigneeId, previousAssigneeId } };
}

describe(assignmentNoticePolicy.name, () => {
  it('owes the new assignee one direct message when someone else gives them the case', () => {
    const after = aComplaint({ assigneeId: 'U0HANDLER2' });
    expect(policy({ before: after, after, events: [assigned('U0HANDLER2', 'U0SUPER01', 'U0HANDLER1')] })).toEqual([
      {
        reference: after.reference,
        channel: 'slack',
        kind: 'assignment_notice',
        recipient: { user: 'U0HANDLER2' },
        payload: { by: 'U0SUPER01', previousAssigneeId: 'U0HANDLER1', at: AT },
        dedupeKey: `assignment_notice:${after.reference}:U0HANDLER2:${AT}`,
      },
    ]);
  });

  it('owes nothing to someone who took the case themself, or to an assignee who is not staff in Slack', () => {
    const after = aComplaint();
    expect(policy({ before: after, after, events: [assigned('U0HANDLER1', 'U0HANDLER1')] })).toEqual([]);
    expect(policy({ before: after, after, events: [assigned('integration-7', 'U0SUPER01')] })).toEqual([]);
  });
});

describe(assignmentNotice.name, () => {
  const context = { now: new Date(AT), timeZone: 'Europe/London', reopenWindowDays: 30, categoryLabel: () => 'Delivery' };

  it('masks the contact in the summary and links to the card', () => {
    const complaint = aComplaintIn('investigating', { description: 'Call me on +44 7911 123456 <!channel>' });
    const shown = JSON.stringify(assignmentNotice(complaint, { by: 'staff:api', previousAssigneeId: null, at: AT }, 'https://x.slack.com/archives/C1/p1', context));
    expect(shown).toContain('+44 •••• ••• 456');
    expect(shown).not.toMatch(/7911\s?123456/);
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).toContain('staff:api gave you complaint *7K4M-9P2Q*');
    expect(shown).toContain('<https://x.slack.com/archives/C1/p1|Open its card and conversation>');
  });
});
