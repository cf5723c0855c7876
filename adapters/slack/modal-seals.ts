import { Inject, Injectable, Logger } from '@nestjs/common';
import type { types } from '@slack/bolt';
import { configuredOrPersistedSecret } from '../../src/common/persisted-secret.js';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { metadataHash, sealMetadata, unsealMetadata } from './sealed-metadata.js';
import { SlackViewRepository } from './slack-view.repository.js';
import { SlackWebApi } from './slack-web-api.js';

/** How long one submission of a form holds it while it is acted on; Slack wants an answer within 3 seconds. */
const CLAIM_MS = 60_000;

/** A submission of a form, as far as this checks it. */
export interface SubmittedView {
  id: string;
  callback_id: string;
  private_metadata?: string;
}

export type Admission =
  /** Act on it, with the metadata as the form was opened with it. */
  | { ok: true; metadata: string }
  /** Not a form Redress opened, as it opened it: refused, nothing done. */
  | { ok: false; reason: 'not_opened_here' }
  /** Already acted on (a second submission of a form that closed): nothing more to do. */
  | { ok: false; reason: 'already_done' };

/**
 * Redress's modals, sealed: each one opened is remembered with who it was opened for, and its `private_metadata`
 * (which names the complaint or request it acts on) goes out signed. A submission is acted on only when it is of a form
 * Redress opened, with the metadata it was given, and only once.
 */
@Injectable()
export class ModalSeals {
  private readonly logger = new Logger('SlackModalSeals');
  private readonly key: string;

  constructor(
    private readonly slack: SlackWebApi,
    private readonly views: SlackViewRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = configuredOrPersistedSecret(config.SLACK_METADATA_KEY, config.DATA_DIR, 'slack-metadata-key', 32).value;
  }

  /** Opens a modal for the person who pressed (`views.open`), sealed, and remembers it. */
  async open(triggerId: string, userId: string, view: types.ModalView): Promise<void> {
    const callbackId = view.callback_id ?? '';
    const sealed = sealMetadata(this.key, callbackId, view.private_metadata ?? '');
    const opened = await this.slack.client.views.open({ trigger_id: triggerId, view: { ...view, private_metadata: sealed } });
    const viewId = opened.view?.id;
    if (!viewId) throw new Error('Slack opened a modal without saying its id');
    await this.views.remember({ viewId, callbackId, userId, metadataHash: metadataHash(sealed), openedAt: this.clock.now().toISOString() });
  }

  /**
   * Decides whether a submission is acted on; an admitted one holds its form until `settle`. Who submits is not
   * compared with whom the form was opened for: Slack shows a modal to that person only, and the workflow checks the
   * submitter's rights as it acts.
   */
  async admit(view: SubmittedView): Promise<Admission> {
    const sealed = view.private_metadata ?? '';
    const opened = await this.views.find(view.id);
    const metadata = unsealMetadata(this.key, view.callback_id, sealed);
    const fits = opened !== null && metadata !== null && opened.callbackId === view.callback_id && opened.metadataHash === metadataHash(sealed);
    if (!fits) {
      this.logger.warn({ known: opened !== null, callbackId: view.callback_id }, 'Refused a submission of a form not opened by Redress as it is');
      return { ok: false, reason: 'not_opened_here' };
    }
    const now = this.clock.now();
    if (!(await this.views.claim(view.id, now.toISOString(), new Date(now.getTime() + CLAIM_MS).toISOString()))) return { ok: false, reason: 'already_done' };
    return { ok: true, metadata };
  }

  /** After an admitted submission: a form that closed is done for good, one answered with errors may be sent again. */
  async settle(viewId: string, closed: boolean): Promise<void> {
    if (closed) await this.views.submitted(viewId, this.clock.now().toISOString());
    else await this.views.release(viewId);
  }
}

/** What the person sees, in place of the form, when a submission is refused as not Redress's. */
export const NOT_OPENED_HERE_VIEW = {
  response_action: 'update',
  view: {
    type: 'modal',
    title: { type: 'plain_text', text: 'Nothing was done' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'This form does not match one Redress opened, so nothing was done to any complaint. Close it and open it again from the case card.',
        },
      },
    ],
  },
} as const;
