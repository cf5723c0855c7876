import { Inject, Injectable } from '@nestjs/common';
import type { App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { ChannelRegistry } from '../../src/channels/channel-registry.js';
import { DomainError } from '../../src/common/domain-error.js';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import type { ComplaintCommand } from '../../src/complaints/domain/complaint.commands.js';
import { parseReference } from '../../src/complaints/domain/reference.js';
import { CodeOfConductService } from '../../src/conduct/code-of-conduct.service.js';
import { CardContexts } from './card-context.js';
import { actionRefusal, CARD_ACTION_PREFIX, CARD_ACTIONS, type CardAction } from './case-card.js';
import { ModalSeals } from './modal-seals.js';
import { caseModal, MODAL_PREFIX, modalError, modalKindOf, modalReference, readSubmission, submissionErrors, type ModalChoices, type ModalKind } from './case-modals.js';
import { NOT_STAFF, refusalText } from './refusals.js';
import { SlackWebApi, slackErrorCode } from './slack-web-api.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';
import type { StaffActor } from './staff-directory.js';

/** Buttons that act at once; the others open a modal for what the step needs. */
const IMMEDIATE: Partial<Record<CardAction, (actor: StaffActor) => ComplaintCommand>> = {
  acknowledge: () => ({ type: 'acknowledge' }),
  assign_self: (actor) => ({ type: 'assign', assigneeId: actor.id }),
  start_investigation: () => ({ type: 'start_investigation' }),
};

const MODAL_OF: Partial<Record<CardAction, ModalKind>> = {
  assign: 'assign',
  reassign: 'assign',
  assess: 'assess',
  reassess: 'reassess',
  request_information: 'request_information',
  propose_response: 'propose_response',
  record_answer: 'record_answer',
  send_holding_response: 'send_holding_response',
  mark_unresolved: 'mark_unresolved',
  close: 'close',
  withdraw: 'withdraw',
  reopen: 'reopen',
  reply: 'reply',
};

/**
 * The case card's buttons and modals. Everything goes through ComplaintsService as the Slack user who pressed,
 * so the case history names them; the card itself changes only through the outbox, after the change is committed.
 */
@Injectable()
export class CaseActions {
  private readonly choices: ModalChoices;

  constructor(
    private readonly complaints: ComplaintsService,
    private readonly slack: SlackWebApi,
    private readonly contexts: CardContexts,
    private readonly seals: ModalSeals,
    @Inject(SLACK_SETTINGS) settings: SlackSettings,
    conduct: CodeOfConductService,
    channels: ChannelRegistry,
  ) {
    this.choices = { staff: settings.staff, rootCauses: conduct.code.rootCauses, channels };
  }

  register(app: App): void {
    app.action<BlockAction<ButtonAction>>(
      { type: 'block_actions', action_id: new RegExp(`^${CARD_ACTION_PREFIX}`) },
      (args) => this.onButton(args),
    );
    app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: new RegExp(`^${MODAL_PREFIX}`) }, (args) => this.onSubmit(args));
  }

  private async onButton({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    const pressed = CARD_ACTIONS.find((a) => `${CARD_ACTION_PREFIX}${a}` === action.action_id);
    const parsed = parseReference(action.value ?? '');
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!pressed || !parsed.ok || !channelId) return;
    const reference = parsed.reference;
    const tell = (text: string) => this.slack.privately(channelId, body.user.id, text);

    const actor = this.choices.staff.actorFor(body.user.id);
    if (!actor) return tell(NOT_STAFF);
    try {
      // The card in the channel offers what the stage allows to someone: whoever pressed is told if it is not theirs,
      // before any form is filled in. The workflow still decides when the step is taken.
      const complaint = await this.complaints.get(reference);
      const refusal = actionRefusal(pressed, complaint, actor, this.contexts.now());
      if (refusal) return tell(refusalText(new DomainError('forbidden', refusal.code, refusal.message, { status: complaint.status })));
      const immediate = IMMEDIATE[pressed];
      if (immediate) {
        await this.complaints.act(reference, immediate(actor), actor);
        return;
      }
      const kind = MODAL_OF[pressed];
      if (!kind) return;
      await this.seals.open(body.trigger_id, body.user.id, caseModal(kind, complaint, this.choices));
    } catch (error) {
      if (error instanceof DomainError) return tell(refusalText(error));
      // trigger_id lives for 3 seconds: a slow moment means the form cannot open any more.
      if (slackErrorCode(error) === 'expired_trigger_id') return tell('Slack could not open the form in time. Please press the button again.');
      throw error;
    }
  }

  private async onSubmit({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const kind = modalKindOf(view.callback_id);
    const reference = modalReference(view);
    if (!kind || !reference) return ack();
    const actor = this.choices.staff.actorFor(body.user.id);
    if (!actor) return ack({ response_action: 'errors', errors: modalError(kind, NOT_STAFF) });
    const read = readSubmission(kind, view, this.choices);
    if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });

    // The one place that works before ack(): a refusal has to come back inside the modal, next to its field, and
    // only the answer to this request can carry it. The service answers well within Slack's 3 seconds.
    try {
      if (read.submission.kind === 'reply') await this.complaints.replyToCustomer(reference, read.submission.text, actor);
      else await this.complaints.act(reference, read.submission.command, actor, read.submission.reason);
    } catch (error) {
      if (error instanceof DomainError) return ack({ response_action: 'errors', errors: submissionErrors(kind, error) });
      await ack({ response_action: 'errors', errors: modalError(kind, 'Something went wrong on our side and nothing was changed. Please try again.') });
      throw error;
    }
    await ack();
  }
}
