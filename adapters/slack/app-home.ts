import type { types } from '@slack/bolt';
import type { Complaint } from '../../src/complaints/domain/complaint.js';
import type { CardContext } from './case-card.js';
import { dateInWords, escapeMrkdwn, personWords, STAGE_WORDS } from './staff-words.js';

/** How many cases each list of the Home tab shows; the rest are counted, and `/complaint` lists them. */
export const HOME_LIST_SIZE = 10;
const WEEK_MS = 7 * 86_400_000;

/** A list of cases as read for the Home tab: the first few, and how many there are in all. */
export interface CaseList {
  items: Complaint[];
  total: number;
}

/** What one member of staff sees on Redress's App Home tab; only cases they may work on are in it. */
export interface HomeContents {
  userId: string;
  role: 'handler' | 'supervisor';
  /** Their open cases (assigned to them, not closed or withdrawn). */
  mine: CaseList;
  /** Open cases nobody has, that they are not named in. */
  unassigned: CaseList;
  /** For a supervisor, every open case that is overdue (that they are not named in); for a handler, none. */
  teamOverdue: CaseList | null;
  /** Links to the cases' cards, by reference, where Slack gave one. */
  links: Map<string, string>;
}

/** A case is overdue from the due instant of a promise still running, as the card counts it. */
export function isOverdue(complaint: Complaint, now: Date): boolean {
  return complaint.deadlines.some((d) => d.settledAt === null && Date.parse(d.dueAt) <= now.getTime());
}

/** Due in the next seven days and not overdue yet. */
export function isDueThisWeek(complaint: Complaint, now: Date): boolean {
  const nowMs = now.getTime();
  return !isOverdue(complaint, now) && complaint.deadlines.some((d) => d.settledAt === null && Date.parse(d.dueAt) - nowMs <= WEEK_MS);
}

/** The Home tab (`views.publish`, type `home`): quick figures, then the person's cases, each linked to its thread. */
export function homeView(contents: HomeContents, context: CardContext): types.HomeView {
  const { mine, unassigned, teamOverdue, links } = contents;
  const overdue = mine.items.filter((c) => isOverdue(c, context.now));
  const dueSoon = mine.items.filter((c) => isDueThisWeek(c, context.now));
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Your complaints' } },
    {
      type: 'section',
      block_id: 'figures',
      fields: [
        figure('Open', mine.total),
        figure('Overdue', overdue.length),
        figure('Due this week', dueSoon.length),
        figure('Unassigned', unassigned.total),
      ],
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Refreshed ${dateInWords(context.now.toISOString(), context.timeZone)}: open this tab again to see the latest.` }],
    },
    { type: 'divider' },
    list('home-mine', 'Your open cases', mine, 'None assigned to you.', links, context),
    list('home-overdue', 'Your overdue cases', { items: overdue, total: overdue.length }, 'None: every promise on your cases is on track.', links, context),
    list('home-unassigned', 'Unassigned', unassigned, 'None: every open case has someone.', links, context),
  ];
  if (teamOverdue) blocks.push(list('home-team-overdue', 'Overdue across the team', teamOverdue, 'None.', links, context));
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: 'Each reference opens the case’s card and its conversation. `/complaint help` lists what else you can do from anywhere in Slack.' }],
  });
  return { type: 'home', blocks };
}

/** What someone who is not staff in Redress sees on the tab. */
export function notStaffHomeView(): types.HomeView {
  return {
    type: 'home',
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'Only the case handlers and supervisors set up in Redress see complaints here. Ask your Redress administrator to add you.' },
      },
    ],
  };
}

function figure(label: string, value: number): types.MrkdwnElement {
  return { type: 'mrkdwn', text: `*${label}*\n${value}` };
}

function list(blockId: string, title: string, cases: CaseList, none: string, links: Map<string, string>, context: CardContext): types.SectionBlock {
  if (cases.items.length === 0) return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: `*${title}*\n${none}` } };
  const shown = cases.items.slice(0, HOME_LIST_SIZE);
  const lines = shown.map((complaint) => `• ${caseLine(complaint, links.get(complaint.reference), context)}`);
  const more = cases.total > shown.length ? `\n_…and ${cases.total - shown.length} more._` : '';
  return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: `*${title}* (${cases.total})\n${lines.join('\n')}${more}` } };
}

function caseLine(complaint: Complaint, link: string | undefined, context: CardContext): string {
  const reference = link ? `<${link}|*${complaint.reference}*>` : `*${complaint.reference}*`;
  const parts = [
    reference,
    escapeMrkdwn(context.categoryLabel(complaint.category)),
    STAGE_WORDS[complaint.status],
    complaint.assigneeId ? personWords(complaint.assigneeId) : 'unassigned',
  ];
  const next = complaint.deadlines.filter((d) => d.settledAt === null).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  if (next) {
    const late = Date.parse(next.dueAt) <= context.now.getTime() ? ' :warning: overdue' : '';
    parts.push(`next promise by ${dateInWords(next.dueAt, context.timeZone)}${late}`);
  }
  return parts.join(' · ');
}
