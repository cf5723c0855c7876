import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Browser, BrowserContext } from 'playwright-core';
import { axeProblems, describeInBrowser, launchChromium } from './support/browser.js';
import { STAFF_KEY, startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(180_000);

describeInBrowser('the staff report page in Chromium', () => {
  let browser: Browser;
  let server: RunningApp;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium();
    // A minimum of one, so that the few complaints below make figures, table rows and chart lines.
    server = await startApp('sqlite', { INDICATORS_MINIMUM_COUNT: '1' }, '2026-03-02T10:00:00.000Z');
    for (const category of ['delivery', 'delivery', 'billing']) {
      const filed = await server.request('POST', '/api/complaints', {
        body: { channel: 'api', contact: { kind: 'phone', value: '+44 7911 123456' }, category, description: 'The parcel never came.', acknowledge: category === 'delivery' },
      });
      expect(filed.status).toBe(201);
    }
    server.clock.set('2026-04-02T10:00:00.000Z');
    context = await browser.newContext({ locale: 'en-GB' });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('signs in with the key form, shows the report with its charts, runs no script, and has no serious or critical WCAG 2.1 AA problems', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    await page.goto(`${server.baseUrl}/reports`);
    expect(new URL(page.url()).pathname).toBe('/reports/sign-in');
    await page.getByRole('heading', { name: 'Sign in to the complaints report' }).waitFor();
    expect({ page: 'sign-in', problems: await axeProblems(page) }).toEqual({ page: 'sign-in', problems: '' });

    await page.getByLabel('Staff key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That staff key is not valid: it may be mistyped, or revoked.').waitFor();
    expect({ page: 'sign-in with an error', problems: await axeProblems(page) }).toEqual({ page: 'sign-in with an error', problems: '' });

    // the refused sign-in's own 401 is logged as a failed load; nothing after it may be
    problems.length = 0;
    await page.getByLabel('Staff key').fill(STAFF_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Complaints report', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/reports');
    const session = (await context.cookies()).find((cookie) => cookie.name === 'redress_reports_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    await page.getByRole('combobox', { name: 'Category' }).selectOption('delivery');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('2 complaints received from').waitFor();
    expect(new URL(page.url()).searchParams.get('category')).toBe('delivery');

    const pareto = page.getByRole('img', { name: /^Pareto chart of the root causes/u });
    expect(await pareto.locator('svg').count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Complaints by category' }).getByRole('row').count()).toBe(2);
    expect(await page.locator('script').count()).toBe(0);
    expect({ page: 'report', problems: await axeProblems(page) }).toEqual({ page: 'report', problems: '' });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('prints without the forms and navigation, with charts no wider than an A4 page', async () => {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/reports`);
    await page.getByRole('heading', { name: 'Complaints report', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Show' }).isVisible()).toBe(true);

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Show' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Download the figures' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Root causes' }).isVisible()).toBe(true);
    // 180 mm (A4 less its margins) is 680 CSS pixels
    const widths = await page.locator('figure.chart svg').evaluateAll((svgs) => svgs.map((svg) => (svg as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThanOrEqual(4);
    for (const width of widths) expect(width).toBeLessThanOrEqual(681);
    const breaks = await page.locator('section.report-section').evaluateAll((sections) =>
      sections.map((section) => (globalThis as unknown as { getComputedStyle(e: unknown): { breakBefore: string } }).getComputedStyle(section).breakBefore),
    );
    expect(breaks[0]).toBe('auto');
    expect(breaks.slice(1).every((value) => value === 'page')).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.close();
  });

  it('offers Sign in with Slack beside the key form when Slack is set up, with no serious or critical WCAG 2.1 AA problems', async () => {
    const withSlack = await startApp('sqlite', { SLACK_CLIENT_ID: '2141029472.691202649728', SLACK_CLIENT_SECRET: 'secret', SLACK_TEAM_ID: 'T0REDRESS' });
    const page = await context.newPage();
    try {
      await page.goto(`${withSlack.baseUrl}/reports/sign-in`);
      expect(await page.getByRole('link', { name: 'Sign in with Slack' }).getAttribute('href')).toBe('/reports/sign-in/slack');
      expect(await page.getByLabel('Staff key').count()).toBe(1);
      expect({ page: 'sign-in with Slack', problems: await axeProblems(page) }).toEqual({ page: 'sign-in with Slack', problems: '' });
    } finally {
      await page.close();
      await withSlack.stop();
    }
  });
});
