import { Inject, Injectable } from '@nestjs/common';
import type { App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DomainError } from '../../src/common/domain-error.js';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { parseReference } from '../../src/complaints/domain/reference.js';
import { refusalText } from './refusals.js';
import { SlackWebApi } from './slack-web-api.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';
import { SURVEY_REOPEN_ACTION } from './survey-posts.js';

const REASON = 'Reopened after a low satisfaction survey answer.';

/** The one-click reopen under a low survey score, for supervisors; the case history names who pressed it. */
@Injectable()
export class SurveyReopen {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly slack: SlackWebApi,
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
  ) {}

  register(app: App): void {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: SURVEY_REOPEN_ACTION }, (args) => this.onPress(args));
  }

  private async onPress({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    const parsed = parseReference(action.value ?? '');
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!parsed.ok || !channelId) return;
    const tell = (text: string) => this.slack.privately(channelId, body.user.id, text);
    const actor = this.settings.staff.actorFor(body.user.id);
    if (!actor || actor.role !== 'supervisor') return tell('Only a supervisor can reopen a case from a survey answer. Nothing was changed.');
    try {
      await this.complaints.act(parsed.reference, { type: 'reopen', reason: REASON }, actor);
    } catch (error) {
      if (error instanceof DomainError) return tell(refusalText(error));
      throw error;
    }
  }
}
