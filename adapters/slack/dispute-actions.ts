import { Injectable } from '@nestjs/common';
import type { App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { fieldProblems } from '../../src/common/http/zod-body.pipe.js';
import { DomainError } from '../../src/common/domain-error.js';
import { parseReference } from '../../src/complaints/domain/reference.js';
import { disputeActionSchema } from '../../src/disputes/dispute.schemas.js';
import { DisputesService } from '../../src/disputes/disputes.service.js';
import type { DisputeCommand } from '../../src/disputes/domain/dispute.commands.js';
import { ModalSeals } from './modal-seals.js';
import { DISPUTE_ACTION_PREFIX, DISPUTE_CARD_ACTIONS, DISPUTE_MODAL_PREFIX, disputeModal, type DisputeModalKind } from './dispute-card.js';
import { NOT_STAFF, refusalText } from './refusals.js';
import { SlackWebApi, slackErrorCode } from './slack-web-api.js';
import { StaffDirectory } from './staff-directory.js';
import { Inject } from '@nestjs/common';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';

/** The block of each modal input, by the field the dispute API names. */
const FIELD_BLOCKS: Record<string, string> = { providerReference: 'provider_reference', outcome: 'outcome', explanation: 'explanation', remedy: 'remedy' };

/**
 * The dispute's buttons and modals on the case card. Everything goes through DisputesService as the Slack user who
 * pressed, so the case history names them; the card changes only through the outbox, after the change is committed.
 */
@Injectable()
export class DisputeActions {
  private readonly staff: StaffDirectory;

  constructor(
    private readonly disputes: DisputesService,
    private readonly slack: SlackWebApi,
    private readonly seals: ModalSeals,
    @Inject(SLACK_SETTINGS) settings: SlackSettings,
  ) {
    this.staff = settings.staff;
  }

  register(app: App): void {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: new RegExp(`^${DISPUTE_ACTION_PREFIX}`) }, (args) => this.onButton(args));
    app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: new RegExp(`^${DISPUTE_MODAL_PREFIX}`) }, (args) => this.onSubmit(args));
  }

  private async onButton({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    const pressed = DISPUTE_CARD_ACTIONS.find((a) => `${DISPUTE_ACTION_PREFIX}${a}` === action.action_id);
    const parsed = parseReference(action.value ?? '');
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!pressed || !parsed.ok || !channelId) return;
    const reference = parsed.reference;
    const tell = (text: string) => this.slack.privately(channelId, body.user.id, text);
    const actor = this.staff.actorFor(body.user.id);
    if (!actor) return tell(NOT_STAFF);
    try {
      if (pressed === 'record_acceptance' || pressed === 'record_outcome') {
        const dispute = await this.disputes.get(reference);
        const name = this.disputes.options().find((option) => option.id === dispute.providerId)?.name ?? 'The provider';
        await this.seals.open(body.trigger_id, body.user.id, disputeModal(pressed, reference, name));
        return;
      }
      await this.disputes.act(reference, { type: pressed } as DisputeCommand, actor);
    } catch (error) {
      if (error instanceof DomainError) return tell(refusalText(error));
      if (slackErrorCode(error) === 'expired_trigger_id') return tell('Slack could not open the form in time. Please press the button again.');
      throw error;
    }
  }

  private async onSubmit({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const kind = view.callback_id.slice(DISPUTE_MODAL_PREFIX.length) as DisputeModalKind;
    const parsed = parseReference(view.private_metadata ?? '');
    if ((kind !== 'record_acceptance' && kind !== 'record_outcome') || !parsed.ok) return ack();
    const firstBlock = kind === 'record_acceptance' ? 'provider_reference' : 'outcome';
    const actor = this.staff.actorFor(body.user.id);
    if (!actor) return ack({ response_action: 'errors', errors: { [firstBlock]: NOT_STAFF } });

    const values = view.state.values;
    const read = (block: string): string | undefined => {
      const value = values[block]?.value;
      const picked = value?.selected_option?.value ?? value?.value ?? undefined;
      return picked === null || picked === undefined || picked === '' ? undefined : picked;
    };
    const input =
      kind === 'record_acceptance'
        ? { action: kind, providerReference: read('provider_reference') }
        : { action: kind, outcome: read('outcome'), explanation: read('explanation'), ...(read('remedy') ? { remedy: read('remedy') } : {}) };
    const checked = disputeActionSchema.safeParse(input);
    if (!checked.success) {
      const errors = Object.fromEntries(fieldProblems(checked.error).map((p) => [FIELD_BLOCKS[p.field] ?? firstBlock, p.message]));
      return ack({ response_action: 'errors', errors });
    }
    const { action, ...payload } = checked.data;
    // A refusal has to come back inside the modal, so the service is asked before ack(); it answers well within 3 s.
    try {
      await this.disputes.act(parsed.reference, { type: action, ...payload } as DisputeCommand, actor);
    } catch (error) {
      if (error instanceof DomainError) {
        const block = error.code === 'dispute_remedy_not_expected' ? 'remedy' : firstBlock;
        return ack({ response_action: 'errors', errors: { [block]: refusalText(error) } });
      }
      await ack({ response_action: 'errors', errors: { [firstBlock]: 'Something went wrong on our side and nothing was changed. Please try again.' } });
      throw error;
    }
    await ack();
  }
}
