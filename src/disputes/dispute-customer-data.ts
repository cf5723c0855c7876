import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CustomerDataRegistry, type CustomerDataSource, type DataSubject } from '../privacy/customer-data.js';
import { DisputeRepository } from './dispute.repository.js';

/**
 * What disputes hold about a customer: the steps of their complaints' disputes. Erasure takes the remedy's words, which
 * may name them or their account; the dates and outcomes stay, as the ISO 10003 figures count them.
 */
@Injectable()
export class DisputeCustomerData implements CustomerDataSource, OnModuleInit {
  readonly name = 'disputes';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly registry: CustomerDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    const found = await this.disputes.findAll(subject.references);
    return { disputes: found };
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    return { disputeRemedies: await this.disputes.forgetRemedies(subject.references) };
  }

  async sweep(): Promise<Record<string, number>> {
    // a dispute lives and goes with its complaint, which the complaint's own retention anonymises
    return {};
  }
}
