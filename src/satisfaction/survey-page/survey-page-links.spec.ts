import { describe, expect, it } from '@jest/globals';
import { ChannelRegistry } from '../../channels/channel-registry.js';
import type { CustomerChannelDeclaration } from '../../channels/channel-declaration.js';
import type { SurveyLinkRecord } from './survey-link.entity.js';
import type { SurveyLinkRepository } from './survey-link.repository.js';
import { surveyTokenHash } from './survey-link.js';
import { SurveyPageLinks } from './survey-page-links.js';

const CAPABILITIES = {
  buttons: false,
  markdown: false,
  templatesOutsideSessionWindow: false,
  attachments: false,
  carrierKeywords: false,
  reachesCustomerAway: true,
  verifiesSender: false,
};

function channel(id: string, repliesGoToCase?: boolean): CustomerChannelDeclaration {
  return {
    id,
    audience: 'customers',
    contactKinds: [id],
    capabilities: CAPABILITIES,
    keptUnder: 'inboundMessagesDays',
    activityChannelIds: [id],
    messagesName: id,
    address: (contact) => contact.value,
    ...(repliesGoToCase === undefined ? {} : { repliesGoToCase }),
  };
}

function links(publicUrl: string | undefined) {
  const registry = new ChannelRegistry();
  registry.declare(channel('email', true));
  registry.declare(channel('sms'));
  const kept: SurveyLinkRecord[] = [];
  const repository = { create: async (link: SurveyLinkRecord) => void kept.push(link) } as unknown as SurveyLinkRepository;
  const clock = { now: () => new Date('2026-03-05T08:00:00.000Z') };
  return { pages: new SurveyPageLinks(registry, repository, { PUBLIC_URL: publicUrl }, clock), kept };
}

describe(SurveyPageLinks.name, () => {
  it('sends a link only on a channel whose replies go into the case', () => {
    const { pages } = links('https://redress.example');
    expect(pages.needed('email')).toBe(true);
    expect(pages.needed('sms')).toBe(false);
    expect(pages.needed('webchat')).toBe(false);
  });

  it('cannot send one without the public address, and says why', () => {
    expect(links(undefined).pages.unavailable('email')).toBe('no_public_url');
    expect(links(undefined).pages.unavailable('sms')).toBeUndefined();
    expect(links('https://redress.example').pages.unavailable('email')).toBeUndefined();
  });

  it('issues a new link each time, keeping only the hash of its token', async () => {
    const { pages, kept } = links('https://redress.example/complaints');
    const first = await pages.issue('survey-1', '2026-03-12T08:00:00.000Z');
    const second = await pages.issue('survey-1', '2026-03-12T08:00:00.000Z');
    expect(first.link).toMatch(/^https:\/\/redress\.example\/complaints\/survey\/[A-Za-z0-9_-]{43}$/);
    expect(second.link).not.toBe(first.link);
    expect(first.expiresAt).toBe('2026-03-12T08:00:00.000Z');
    const token = first.link!.split('/').at(-1)!;
    expect(kept[0]).toEqual({ tokenHash: surveyTokenHash(token), surveyId: 'survey-1', createdAt: '2026-03-05T08:00:00.000Z' });
    expect(JSON.stringify(kept)).not.toContain(token);
  });
});
