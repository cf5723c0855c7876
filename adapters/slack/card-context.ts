import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { CodeOfConductService } from '../../src/conduct/code-of-conduct.service.js';
import type { CardContext } from './case-card.js';

/** What drawing a card needs from the rest of Redress, as of now: the code of conduct's zone and category names. */
@Injectable()
export class CardContexts {
  constructor(
    private readonly conduct: CodeOfConductService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): CardContext {
    return {
      now: this.clock.now(),
      timeZone: this.conduct.timeZone(),
      categoryLabel: (id) => this.conduct.code.categories.find((c) => c.id === id)?.label ?? id,
    };
  }
}
