import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { SURVEY_DESK, type SurveyDesk } from '../src/satisfaction/survey-desk.js';
import { SurveyResponseRepository } from '../src/satisfaction/survey-response.repository.js';
import { axeProblems, describeInBrowser, launchChromium } from './support/browser.js';
import { SmtpInbox } from './support/smtp-inbox.js';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(240_000);

const CUSTOMER = 'sam.lee@example.org';
const LINK = /https:\/\/complaints\.example\.org\/survey\/([A-Za-z0-9_-]{43})/;
const ASSESSMENT = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };

function surveyConduct(): string {
  const file = join(tmpdir(), `redress-survey-page-browser-${process.pid}.yaml`);
  writeFileSync(file, ['profile: default', 'satisfactionSurvey:', '  delay: PT1H', '  timeZone: Europe/London', "  quietHours: { from: '21:00', until: '08:00' }", ''].join('\n'));
  return file;
}

/** The survey page a customer reaches from the link in their email, in Chromium: usable, by keyboard too, and accessible. */
describeInBrowser('the survey page in Chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  let smtp: SmtpInbox;
  let page: string;

  beforeAll(async () => {
    browser = await launchChromium();
    smtp = await new SmtpInbox().start();
    server = await startApp(
      'sqlite',
      { SMTP_URL: smtp.url, EMAIL_FROM: 'complaints@redress.example', PUBLIC_URL: 'https://complaints.example.org', CODE_OF_CONDUCT_FILE: surveyConduct() },
      '2026-03-02T10:00:00.000Z',
    );
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'email', value: CUSTOMER }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    const reference = filed.body.reference as string;
    await server.app.get<SurveyDesk>(SURVEY_DESK).recordConsent(reference, true, 'intake');
    const headers = { 'x-staff-id': 'U-SAM', 'x-staff-role': 'supervisor' };
    for (const step of [
      { action: 'assess', assessment: ASSESSMENT },
      { action: 'start_investigation' },
      { action: 'propose_response', outcome: 'Refunded', explanation: 'We refunded the second charge.' },
      { action: 'accept_response' },
      { action: 'close', outcome: 'Refunded' },
    ]) {
      const done = await server.request('POST', `/api/complaints/${reference}/actions`, { body: step, headers });
      if (done.status !== 200) throw new Error(`${step.action}: ${done.text}`);
    }
    const relay = server.app.get(OutboxRelay);
    await relay.drain();
    server.clock.set('2026-03-02T11:30:00.000Z');
    await relay.drain();
    const survey = await smtp.waitFor(CUSTOMER, LINK);
    page = `${server.baseUrl}/survey/${LINK.exec(survey.parsed.text ?? '')![1]}`;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  async function inPage(work: (tab: Page, problems: string[]) => Promise<void>): Promise<void> {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const tab = await context.newPage();
      const problems: string[] = [];
      tab.on('pageerror', (error) => problems.push(error.message));
      tab.on('console', (message) => {
        // the form sent back with an error comes with 422, which Chromium reports as a failed load
        if (message.type() === 'error' && !message.text().includes('status of 422')) problems.push(message.text());
      });
      await work(tab, problems);
    } finally {
      await context.close();
    }
  }

  it('is answered with the keyboard and by label; a comment too long comes back with the error and every answer kept; each page passes axe', async () => {
    await inPage(async (tab, problems) => {
      await tab.goto(page);
      await tab.getByRole('heading', { level: 1, name: 'How did we do?' }).waitFor();
      expect({ page: 'form', problems: await axeProblems(tab) }).toEqual({ page: 'form', problems: '' });

      // each question is a named group of choices
      const handling = tab.getByRole('group', { name: 'How happy are you with how we handled your complaint?' });
      expect(await handling.getByRole('radio').count()).toBe(5);
      expect(await tab.getByRole('group', { name: 'How easy was it to have your complaint dealt with?' }).getByRole('radio').count()).toBe(7);
      await handling.getByRole('radio', { name: '4' }).check();
      await tab.getByRole('group', { name: 'How happy are you with the outcome?' }).getByRole('radio', { name: '2' }).check();
      // by keyboard: into the dates group, then along its choices with the arrow keys
      await tab.getByRole('group', { name: 'Did we keep the dates we promised?' }).getByRole('radio', { name: 'Yes' }).focus();
      await tab.keyboard.press('ArrowRight');
      expect(await tab.getByRole('radio', { name: 'No', exact: true }).isChecked()).toBe(true);
      await tab.getByRole('textbox', { name: 'Is there anything else you would like to tell us?' }).fill('x'.repeat(1001));
      await tab.getByRole('button', { name: 'Send my answers' }).click();

      await tab.getByRole('heading', { name: 'There is a problem' }).waitFor();
      expect(await tab.getByRole('alert').textContent()).toContain('Your comment is 1001 characters long. Please shorten it to 1000 characters or fewer.');
      expect(await tab.getByRole('radio', { name: '4' }).first().isChecked()).toBe(true);
      expect(await tab.getByRole('radio', { name: 'No', exact: true }).isChecked()).toBe(true);
      const comment = tab.getByRole('textbox', { name: 'Is there anything else you would like to tell us?' });
      expect((await comment.inputValue()).length).toBe(1001);
      expect(await comment.getAttribute('aria-describedby')).toBe('comment-hint comment-error');
      expect({ page: 'form with an error', problems: await axeProblems(tab) }).toEqual({ page: 'form with an error', problems: '' });

      // the error's link takes the customer to the comment
      await tab.getByRole('link', { name: /Your comment is 1001 characters long/ }).click();
      await comment.fill('Quick and kind, thank you.');
      await tab.getByRole('button', { name: 'Send my answers' }).click();
      await tab.getByRole('heading', { name: 'Thank you' }).waitFor();
      expect({ page: 'thanks', problems: await axeProblems(tab) }).toEqual({ page: 'thanks', problems: '' });
      expect(problems).toEqual([]);
    });
    const { items } = await server.app.get(SurveyResponseRepository).list({ channel: 'email' }, { offset: 0, limit: 5 });
    expect(items).toMatchObject([{ handling: 4, outcomeScore: 2, effort: null, datesKept: 'no', comment: 'Quick and kind, thank you.' }]);
  });

  it('an answered link says so plainly, and passes axe', async () => {
    await inPage(async (tab) => {
      const response = await tab.goto(page);
      expect(response?.status()).toBe(410);
      await tab.getByRole('heading', { level: 1, name: 'You have already answered' }).waitFor();
      expect({ page: 'answered', problems: await axeProblems(tab) }).toEqual({ page: 'answered', problems: '' });
    });
  });
});
