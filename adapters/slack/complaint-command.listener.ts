import { Inject, Injectable } from '@nestjs/common';
import type { types } from '@slack/bolt';
import type { Complaint } from '../../src/complaints/domain/complaint.js';
import type { App, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { cleanText } from '../../src/common/text/clean-text.js';
import { DomainError } from '../../src/common/domain-error.js';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { ChannelRegistry } from '../../src/channels/channel-registry.js';
import { customerAddress } from '../../src/complaints/customer-address.js';
import { OPEN_STATUSES, STATUSES } from '../../src/complaints/domain/complaint.js';
import { maskContact } from '../../src/contacts/contact-format.js';
import { CardContexts } from './card-context.js';
import { caseCard, type SlackMessage } from './case-card.js';
import { textBlocks } from './case-steps.js';
import { CaseCardRepository } from './case-card.repository.js';
import { channelWords, escapeMrkdwn } from './staff-words.js';
import { caseList, COMPLAINT_COMMAND, HELP, parseComplaintCommand, replyTooLong, USAGE } from './complaint-command.js';
import { staffTextForCustomer } from './staff-markup.js';
import { TEXT_LIMITS } from '../../src/complaints/domain/text-limits.js';
import { NOT_STAFF, refusalText } from './refusals.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';
import { StaffStatsSource } from './staff-stats.js';
import { statsMessage } from './stats-message.js';
import { parseStatsPeriod, PERIOD_FORMS } from './stats-period.js';

/** Cases someone may still be working on: everything but the two ends. */
const NOT_ENDED = STATUSES.filter((status) => status !== 'closed' && status !== 'withdrawn');
const LIST_SIZE = 15;

/** `/complaint`: look a case up, list one's own or the overdue cases, or write to a customer. Answers only the asker. */
@Injectable()
export class ComplaintCommandListener {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly channels: ChannelRegistry,
    private readonly cards: CaseCardRepository,
    private readonly contexts: CardContexts,
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
    private readonly stats: StaffStatsSource,
  ) {}

  register(app: App): void {
    app.command(COMPLAINT_COMMAND, (args) => this.onCommand(args));
  }

  private async onCommand({ ack, command, respond }: SlackCommandMiddlewareArgs): Promise<void> {
    await ack();
    const reply = privately(respond);
    const request = parseComplaintCommand(cleanText(command.text));
    if (request.kind === 'help') return reply(HELP);
    if (request.kind === 'usage') return reply(request.problem ? `${request.problem}\n${USAGE}` : USAGE);

    const actor = this.settings.staff.actorFor(command.user_id);
    if (!actor) return reply(NOT_STAFF);
    try {
      switch (request.kind) {
        case 'show': {
          const complaint = await this.complaints.get(request.reference);
          // only the asker sees this answer, so it offers only the steps open to them
          const card = caseCard(complaint, this.contexts.now(), { buttons: true, viewer: actor });
          // only the asker reads this, so it can hold the whole complaint rather than the card's summary
          if (!complaint.erasedAt) card.blocks.splice(card.blocks.findIndex((block) => block.block_id === 'summary'), 1, ...wholeComplaint(complaint));
          const found = await this.cards.find(request.reference);
          if (found && 'posted' in found) {
            card.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Its card and conversation are in <#${found.posted.channelId}>.` }] });
          }
          return reply(card);
        }
        case 'mine': {
          const page = await this.complaints.list({ assignee: command.user_id, status: NOT_ENDED, page: 1, pageSize: LIST_SIZE });
          return reply(caseList('Your open cases', page, this.contexts.now()));
        }
        case 'overdue': {
          const page = await this.complaints.list({ overdue: true, status: [...OPEN_STATUSES], page: 1, pageSize: LIST_SIZE });
          return reply(caseList('Overdue cases', page, this.contexts.now()));
        }
        case 'reply': {
          const text = staffTextForCustomer(request.text, (id) => this.settings.staff.firstName(id));
          if (text.length > TEXT_LIMITS.reply) return reply(replyTooLong(request.reference, request.text, text.length, TEXT_LIMITS.reply));
          const complaint = await this.complaints.replyToCustomer(request.reference, text, actor);
          const { channel } = customerAddress(complaint, this.channels);
          const where = `${channelWords(channel)} (${escapeMrkdwn(maskContact(complaint.contact))})`;
          return reply(`Your reply on *${complaint.reference}* is on its way to the customer by ${where}. It is in the case history.`);
        }
        case 'stats': {
          // every member of staff may see the reports, as on the report page and in the staff API
          const { now, timeZone } = this.contexts.now();
          const period = parseStatsPeriod(request.period, now, timeZone);
          if (!period.ok) return reply(`${escapeMrkdwn(period.problem)}
Ask for ${PERIOD_FORMS}.`);
          return reply(statsMessage(await this.stats.of(period.period), this.settings.reportsUrl));
        }
      }
    } catch (error) {
      if (error instanceof DomainError) return reply(refusalText(error));
      await reply('Something went wrong on our side. Please try again.');
      throw error;
    }
  }
}

function privately(respond: RespondFn): (message: string | SlackMessage) => Promise<void> {
  return async (message) => {
    await respond({ response_type: 'ephemeral', ...(typeof message === 'string' ? { text: message } : message) });
  };
}

/** The customer's account and the remedy they seek, whole, in sections within Slack's limits. */
function wholeComplaint(complaint: Complaint): types.KnownBlock[] {
  return [
    { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*What happened*' } },
    ...textBlocks(complaint.description),
    ...(complaint.remedySought ? [{ type: 'section', text: { type: 'mrkdwn', text: '*Remedy sought*' } } as const, ...textBlocks(complaint.remedySought)] : []),
  ];
}
