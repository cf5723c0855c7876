import { Inject, Injectable } from '@nestjs/common';
import type { App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { DomainError } from '../../src/common/domain-error.js';
import { cleanText } from '../../src/common/text/clean-text.js';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { INVOLVED_REFUSAL, isInvolved } from '../../src/complaints/domain/complaint.machine.js';
import { parseReference } from '../../src/complaints/domain/reference.js';
import { TEXT_LIMITS } from '../../src/complaints/domain/text-limits.js';
import { CardContexts } from './card-context.js';
import { DETAILS_ACTION, DETAILS_MODAL, detailsModal } from './case-details.js';
import { ModalSeals } from './modal-seals.js';
import { NOT_STAFF, refusalText } from './refusals.js';
import { SlackWebApi, slackErrorCode } from './slack-web-api.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';

const metadata = z.object({ reference: z.string().refine((reference) => parseReference(reference).ok) });

/**
 * The card's "Details": the whole complaint in a modal only the person who pressed sees, and the full contact for
 * one who says why they need it, recorded in the case history as a disclosure (ComplaintsService.discloseContact).
 */
@Injectable()
export class CaseDetails {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly contexts: CardContexts,
    private readonly seals: ModalSeals,
    private readonly slack: SlackWebApi,
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
  ) {}

  register(app: App): void {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: DETAILS_ACTION }, (args) => this.onButton(args));
    app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: DETAILS_MODAL }, (args) => this.onReveal(args));
  }

  private async onButton({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    const parsed = parseReference(action.value ?? '');
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!parsed.ok) return;
    const tell = (text: string) => (channelId ? this.slack.privately(channelId, body.user.id, text) : Promise.resolve());
    const actor = this.settings.staff.actorFor(body.user.id);
    if (!actor) return tell(NOT_STAFF);
    try {
      const complaint = await this.complaints.get(parsed.reference);
      if (isInvolved(complaint, actor)) return tell(refusalText(new DomainError('forbidden', INVOLVED_REFUSAL.code, INVOLVED_REFUSAL.message)));
      await this.seals.open(body.trigger_id, body.user.id, detailsModal(complaint, this.contexts.now()));
    } catch (error) {
      if (error instanceof DomainError) return tell(refusalText(error));
      if (slackErrorCode(error) === 'expired_trigger_id') return tell('Slack could not open the details in time. Please press the button again.');
      throw error;
    }
  }

  /** Works before ack(): what it shows (the contact, or why not) can only come back in the answer to this submission. */
  private async onReveal({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const target = metadata.safeParse(safeJson(view.private_metadata));
    if (!target.success) return ack();
    const actor = this.settings.staff.actorFor(body.user.id);
    if (!actor) return ack({ response_action: 'errors', errors: { reason: NOT_STAFF } });
    const reason = cleanText(view.state.values.reason?.value?.value ?? '').trim();
    if (!reason) return ack({ response_action: 'errors', errors: { reason: 'Please say why you need the full contact.' } });
    if (reason.length > TEXT_LIMITS.disclosureReason) {
      return ack({ response_action: 'errors', errors: { reason: `Please keep this to ${TEXT_LIMITS.disclosureReason} characters or fewer.` } });
    }
    try {
      const contact = await this.complaints.discloseContact(target.data.reference, actor, reason);
      const complaint = await this.complaints.get(target.data.reference);
      await ack({ response_action: 'update', view: detailsModal(complaint, this.contexts.now(), contact) });
    } catch (error) {
      if (error instanceof DomainError) return ack({ response_action: 'errors', errors: { reason: refusalText(error) } });
      await ack({ response_action: 'errors', errors: { reason: 'Something went wrong on our side. Please try again.' } });
      throw error;
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // not JSON: not a form Redress opened
  }
}
