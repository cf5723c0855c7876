import { Inject, Injectable } from '@nestjs/common';
import { ChannelRegistry } from '../../channels/channel-registry.js';
import { CLOCK, type Clock } from '../../complaints/clock.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import type { Variables } from '../../notifications/rendering/message-payload.js';
import { newSurveyToken, surveyPageUrl, surveyTokenHash } from './survey-link.js';
import { SurveyLinkRepository } from './survey-link.repository.js';

/**
 * Surveys for customers on a channel whose replies go into their case rather than to the dialogs (email): the message
 * carries a link of its own to the survey page, which asks the same questions.
 */
@Injectable()
export class SurveyPageLinks {
  constructor(
    private readonly channels: ChannelRegistry,
    private readonly links: SurveyLinkRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'PUBLIC_URL'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Whether a survey on this channel is answered on the page. */
  needed(channel: string): boolean {
    return this.channels.profile(channel)?.repliesGoToCase === true;
  }

  /** Why a survey on this channel cannot go: a link needs the public address customers reach Redress at. */
  unavailable(channel: string): string | undefined {
    return this.needed(channel) && !this.config.PUBLIC_URL ? 'no_public_url' : undefined;
  }

  /**
   * A new link to the survey's page, for one message (the survey, then its reminder), kept as the hash of its token;
   * the variables the message's words need. Run in the transaction that enqueues the message.
   */
  async issue(surveyId: string, expiresAt: string): Promise<Variables> {
    const publicUrl = this.config.PUBLIC_URL;
    if (!publicUrl) throw new Error('A survey link needs PUBLIC_URL');
    const token = newSurveyToken();
    await this.links.create({ tokenHash: surveyTokenHash(token), surveyId, createdAt: this.clock.now().toISOString() });
    return { link: surveyPageUrl(publicUrl, token), expiresAt };
  }
}
