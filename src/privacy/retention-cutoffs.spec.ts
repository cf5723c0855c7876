import { describe, expect, it } from '@jest/globals';
import { retentionSchema } from '../conduct/code-of-conduct.schema.js';
import { retentionCutoffs } from './retention-cutoffs.js';

describe('retentionCutoffs', () => {
  it('counts each limit back from now in whole days', () => {
    const policy = { abandonedConversationsDays: 30, inboundMessagesDays: 90, dialogStateDays: 1 };
    expect(retentionCutoffs(policy, new Date('2026-06-01T10:30:00.000Z'))).toEqual({
      abandonedConversationsBefore: '2026-05-02T10:30:00.000Z',
      inboundMessagesBefore: '2026-03-03T10:30:00.000Z',
      dialogStateBefore: '2026-05-31T10:30:00.000Z',
    });
  });
});

describe('closed cases', () => {
  const policy = { abandonedConversationsDays: 30, inboundMessagesDays: 90, dialogStateDays: 30 };

  it('are kept when the policy says nothing about them', () => {
    expect(retentionCutoffs(policy, new Date('2026-06-01T10:30:00.000Z')).closedCasesBefore).toBeUndefined();
  });

  it('are anonymised after calendar months, ending on a shorter month’s last day', () => {
    expect(retentionCutoffs({ ...policy, closedCasesAnonymisedMonths: 6 }, new Date('2026-06-01T10:30:00.000Z')).closedCasesBefore).toBe('2025-12-01T10:30:00.000Z');
    expect(retentionCutoffs({ ...policy, closedCasesAnonymisedMonths: 1 }, new Date('2026-03-31T10:30:00.000Z')).closedCasesBefore).toBe('2026-02-28T10:30:00.000Z');
    expect(retentionCutoffs({ ...policy, closedCasesAnonymisedMonths: 24 }, new Date('2028-02-29T00:00:00.000Z')).closedCasesBefore).toBe('2026-02-28T00:00:00.000Z');
  });

  it('refuses a month count that is not whole or would anonymise at once', () => {
    expect(retentionSchema.safeParse({ closedCasesAnonymisedMonths: 0 }).success).toBe(false);
    expect(retentionSchema.safeParse({ closedCasesAnonymisedMonths: 2.5 }).success).toBe(false);
    expect(retentionSchema.parse({ closedCasesAnonymisedMonths: 72 }).closedCasesAnonymisedMonths).toBe(72);
  });
});

describe('retention policy', () => {
  it('keeps 30 days of abandoned chats and dialog state and 90 of texts unless told otherwise', () => {
    expect(retentionSchema.parse(undefined)).toEqual({ abandonedConversationsDays: 30, inboundMessagesDays: 90, dialogStateDays: 30 });
    expect(retentionSchema.parse({ inboundMessagesDays: 14 })).toEqual({ abandonedConversationsDays: 30, inboundMessagesDays: 14, dialogStateDays: 30 });
  });

  it('refuses a limit that would delete at once, or a misspelt one', () => {
    expect(retentionSchema.safeParse({ dialogStateDays: 0 }).success).toBe(false);
    expect(retentionSchema.safeParse({ dialogStateDays: 1.5 }).success).toBe(false);
    expect(retentionSchema.safeParse({ inboundMessageDays: 10 }).success).toBe(false);
  });

  it('keeps no dialog state longer than the chats and texts it was written in', () => {
    const now = new Date('2026-06-01T10:30:00.000Z');
    const policy = { abandonedConversationsDays: 14, inboundMessagesDays: 90, dialogStateDays: 30 };
    expect(retentionCutoffs(policy, now).dialogStateBefore).toBe(retentionCutoffs(policy, now).abandonedConversationsBefore);
  });
});
