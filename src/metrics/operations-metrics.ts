import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** What became of one attempt to send an outbox message. */
export type SendResult = 'delivered' | 'sent' | 'failed' | 'retried';

/**
 * The counters an operator watches, in one registry of this application's own (never prom-client's global one: the
 * tests run several applications in one process). Labels are channels, results and phases only, never a reference, a
 * number or a user, so that the series stay few.
 */
@Injectable()
export class OperationsMetrics {
  readonly registry = new Registry();

  private readonly turns = new Counter({
    name: 'redress_turns_total',
    help: 'Customer turns handled (a stored inbound message run through its dialog), by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  private readonly turnFailures = new Counter({
    name: 'redress_turn_failures_total',
    help: 'Customer turns that failed and wait to be tried again when their lease lapses, by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  private readonly turnDuration = new Histogram({
    name: 'redress_turn_duration_seconds',
    help: 'Time to run a customer turn, from its claim to its commit, by channel',
    labelNames: ['channel'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly sends = new Counter({
    name: 'redress_sends_total',
    help: 'Attempts to send an outbox message, by channel and result (delivered, sent: taken by the provider, retried, failed: for good)',
    labelNames: ['channel', 'result'] as const,
    registers: [this.registry],
  });

  private readonly deadlineChecks = new Counter({
    name: 'redress_deadline_checks_total',
    help: 'Deadline checks run, by phase (warn: a deadline is near, due: it has come)',
    labelNames: ['phase'] as const,
    registers: [this.registry],
  });

  private readonly deadlinesMissed = new Counter({
    name: 'redress_deadlines_missed_total',
    help: 'Promised deadlines found missed by the deadline watch',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  turnHandled(channel: string, seconds: number): void {
    this.turns.inc({ channel });
    this.turnDuration.observe({ channel }, seconds);
  }

  turnFailed(channel: string): void {
    this.turnFailures.inc({ channel });
  }

  sendSettled(channel: string, result: SendResult): void {
    this.sends.inc({ channel, result });
  }

  deadlineChecked(phase: 'warn' | 'due'): void {
    this.deadlineChecks.inc({ phase });
  }

  deadlineMissed(): void {
    this.deadlinesMissed.inc();
  }
}
