import { describe, expect, it } from '@jest/globals';
import type { Requester } from '../src/complaints/customer-desk/customer-desk.js';
import { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { FakeSurveyDesk } from './testing/fake-survey-desk.js';
import { TurnLookups } from './turn-lookups.js';

const customer: Requester = { key: 'sms:+447700900001', channel: 'sms' };

/** Desks that count how often what waits for the customer is asked. */
function counted() {
  const clock = { now: () => new Date('2026-03-02T10:00:00Z') };
  const desk = new FakeCustomerDesk(clock);
  const surveys = new FakeSurveyDesk();
  const asked = { pending: 0, surveys: 0 };
  const pendingFor = desk.pendingFor.bind(desk);
  const waitingFor = surveys.waitingFor.bind(surveys);
  desk.pendingFor = (requester) => (asked.pending++, pendingFor(requester));
  surveys.waitingFor = (key) => (asked.surveys++, waitingFor(key));
  const lookups = new TurnLookups();
  return { desk, surveys, asked, lookups, deps: lookups.deps({ desk, clock, surveys }) };
}

describe(TurnLookups.name, () => {
  it('asks what waits for the customer once a turn, however many checks ask', async () => {
    const { deps, asked, lookups } = counted();
    lookups.begin(customer.key);
    for (let i = 0; i < 3; i++) {
      await deps.desk.pendingFor(customer);
      await deps.surveys!.waitingFor(customer.key);
    }
    lookups.end(customer.key);
    expect(asked).toEqual({ pending: 1, surveys: 1 });
  });

  it('asks again on the next turn, and every time outside a turn', async () => {
    const { deps, asked, lookups } = counted();
    lookups.begin(customer.key);
    await deps.desk.pendingFor(customer);
    lookups.end(customer.key);
    lookups.begin(customer.key);
    await deps.desk.pendingFor(customer);
    lookups.end(customer.key);
    await deps.desk.pendingFor(customer);
    await deps.desk.pendingFor(customer);
    expect(asked.pending).toBe(4);
  });

  it("sees the turn's own changes: once the customer answers staff's question, nothing waits", async () => {
    const { deps, desk, asked, lookups } = counted();
    const { reference } = desk.add({ originKey: customer.key, contact: { kind: 'phone', value: '+447700900001' }, category: 'delivery', status: 'investigating' });
    desk.ask(reference, 'Which day did you order?');
    lookups.begin(customer.key);
    expect(await deps.desk.pendingFor(customer)).toEqual(expect.objectContaining({ kind: 'question', reference }));
    await deps.desk.answerQuestion(customer, reference, 'Monday');
    expect(await deps.desk.pendingFor(customer)).toBeNull();
    lookups.end(customer.key);
    expect(asked.pending).toBe(2);
  });

  it('keeps its answers across calls that only read configuration', async () => {
    const { deps, asked, lookups } = counted();
    lookups.begin(customer.key);
    await deps.desk.pendingFor(customer);
    deps.desk.organisation();
    deps.surveys!.offered();
    await deps.desk.pendingFor(customer);
    lookups.end(customer.key);
    expect(asked.pending).toBe(1);
  });
});
