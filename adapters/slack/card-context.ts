import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { CodeOfConductService } from '../../src/conduct/code-of-conduct.service.js';
import type { CardContext } from './case-card.js';
import type { DisputeCardContext } from './dispute-card.js';
import { DisputesService } from '../../src/disputes/disputes.service.js';
import { INTERNAL_REVIEW } from '../../src/disputes/domain/dispute.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/config.schema.js';

/** What drawing a card needs from the rest of Redress, as of now: the code of conduct's zone and category names. */
@Injectable()
export class CardContexts {
  constructor(
    private readonly conduct: CodeOfConductService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly disputes: DisputesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What drawing a dispute's part of the card needs: option names, and where the referral pack is downloaded. */
  forDispute(reference: string): DisputeCardContext {
    const names = new Map(this.disputes.options().map((option) => [option.id, option.name]));
    return {
      now: this.clock.now(),
      timeZone: this.conduct.timeZone(),
      optionName: (id) => (id === INTERNAL_REVIEW ? 'Review by a supervisor' : (names.get(id) ?? id)),
      ...(this.config.PUBLIC_URL ? { packUrl: new URL(`/api/complaints/${reference}/dispute/referral-pack/printable`, this.config.PUBLIC_URL).href } : {}),
    };
  }

  now(): CardContext {
    return {
      now: this.clock.now(),
      timeZone: this.conduct.timeZone(),
      reopenWindowDays: this.conduct.reopenWindowDays(),
      categoryLabel: (id) => this.conduct.code.categories.find((c) => c.id === id)?.label ?? id,
    };
  }
}
