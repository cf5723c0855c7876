import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { axeProblems, describeInBrowser, launchChromium } from './support/browser.js';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(180_000);

describeInBrowser('the code of conduct with its figures, in Chromium', () => {
  let browser: Browser;
  let server: RunningApp;

  beforeAll(async () => {
    browser = await launchChromium();
    // A minimum of one, so that a single acknowledged complaint makes a figure, a table row and a line on the chart.
    server = await startApp('sqlite', { INDICATORS_MINIMUM_COUNT: '1' }, '2026-03-02T10:00:00.000Z');
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: '+44 7911 123456' }, category: 'delivery', description: 'The parcel never came.', acknowledge: true },
    });
    expect(filed.status).toBe(201);
    server.clock.set('2026-04-02T10:00:00.000Z');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the table and the chart with its text alternative, runs no script, and has no serious or critical WCAG 2.1 AA problems', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(`${server.baseUrl}/code-of-conduct`);
      await page.getByRole('heading', { name: 'How we are doing' }).waitFor();
      const table = page.getByRole('table', { name: 'Deadlines met on time, by the quarter we received the complaint' });
      expect(await table.getByRole('cell', { name: '100% of 1' }).count()).toBeGreaterThan(0);
      const chart = page.getByRole('img', { name: /^Line chart of the share of deadlines met on time/u });
      expect(await chart.getAttribute('aria-label')).toContain('Jan to Mar 2026: 100% of 1');
      expect(await chart.locator('svg').count()).toBe(1);
      expect({ page: '/code-of-conduct', problems: await axeProblems(page) }).toEqual({ page: '/code-of-conduct', problems: '' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
