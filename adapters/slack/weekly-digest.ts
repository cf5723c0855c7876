import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { CodeOfConductService } from '../../src/conduct/code-of-conduct.service.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import type { ChannelNotifier, DeliveryReceipt } from '../../src/notifications/channel-notifier.js';
import { NotifierRegistry } from '../../src/notifications/notifier-registry.js';
import type { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import { Outbox, type NewOutboxMessage } from '../../src/notifications/outbox.js';
import { digestWeeks, isDigestTime, nextDigestAt } from './digest-schedule.js';
import { weeklyDigestMessage } from './digest-message.js';
import { deliveryErrorFrom, SlackWebApi } from './slack-web-api.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';
import { dateInWords } from './staff-words.js';
import { StaffStatsSource } from './staff-stats.js';

/** The relay "delivers" a digest to this scheduler at its time: the outbox is the durable clock. */
export const DIGEST_CHANNEL = 'slack-digest';
export const WEEKLY_DIGEST = 'weekly_digest';

/**
 * Posts the weekly digest to the cases channel when SLACK_WEEKLY_DIGEST says. Each week's digest is one outbox
 * message keyed by its time, so however many instances start, or how often, it is owed once; the relay claims it for
 * one of them at its time, and it schedules the next week's before it posts. A digest owed under an earlier setting
 * (another day or time) is dropped, so that a change of setting never posts two in one week.
 */
@Injectable()
export class WeeklyDigest implements ChannelNotifier, OnModuleInit, OnApplicationBootstrap {
  readonly channel = DIGEST_CHANNEL;
  private readonly logger = new Logger('WeeklyDigest');

  constructor(
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
    private readonly conduct: CodeOfConductService,
    private readonly stats: StaffStatsSource,
    private readonly slack: SlackWebApi,
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly registry: NotifierRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Always registered, so that a digest owed before the setting was removed is settled rather than failed. */
  onModuleInit(): void {
    this.registry.register(this);
  }

  async onApplicationBootstrap(): Promise<void> {
    const schedule = this.settings.weeklyDigest;
    if (!schedule) return;
    if (!this.settings.casesChannel) {
      this.logger.warn('SLACK_WEEKLY_DIGEST is set but SLACK_CASES_CHANNEL is not: there is nowhere to post the digest');
      return;
    }
    await this.schedule(nextDigestAt(this.clock.now(), schedule, this.conduct.timeZone()));
  }

  async deliver(message: OutboxMessageRecord): Promise<DeliveryReceipt> {
    if (message.kind !== WEEKLY_DIGEST) throw new Error(`Unknown digest message ${message.kind}`);
    const at = new Date(String(message.payload.at));
    const schedule = this.settings.weeklyDigest;
    const timeZone = this.conduct.timeZone();
    const channel = this.settings.casesChannel;
    if (!schedule || !channel || !isDigestTime(at, schedule, timeZone)) {
      this.logger.log({ at: at.toISOString() }, 'Weekly digest not posted: the setting no longer asks for it');
      return { delivered: true };
    }
    await this.schedule(nextDigestAt(at, schedule, timeZone));

    const weeks = digestWeeks(at, timeZone);
    const words = `the week to ${dateInWords(at.toISOString(), timeZone)}`;
    const thisWeek = await this.stats.of({ ...weeks.thisWeek, words });
    const lastWeek = await this.stats.of({ ...weeks.lastWeek, words: 'the week before' });
    const digest = weeklyDigestMessage(thisWeek, lastWeek, this.settings.reportsUrl);
    try {
      const posted = await this.slack.client.chat.postMessage({ channel, text: digest.text, blocks: digest.blocks, unfurl_links: false, unfurl_media: false });
      return { providerId: posted.ts, delivered: true };
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
  }

  private async schedule(at: Date): Promise<void> {
    const digest: NewOutboxMessage = {
      reference: null,
      channel: DIGEST_CHANNEL,
      kind: WEEKLY_DIGEST,
      recipient: {},
      payload: { at: at.toISOString() },
      dedupeKey: `${WEEKLY_DIGEST}:${at.toISOString()}`,
      notBefore: at,
    };
    await this.uow.transaction(() => this.outbox.enqueue([digest]));
    this.outbox.committed();
  }
}
