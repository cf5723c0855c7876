import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { axeProblems, describeInBrowser, launchChromium } from './support/browser.js';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(180_000);

describeInBrowser('the staff API reference at /docs in Chromium', () => {
  let browser: Browser;
  let server: RunningApp;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startApp('sqlite');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('has no serious or critical WCAG 2.1 AA problems, runs no script, and leads to the OpenAPI document', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(`${server.baseUrl}/docs`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Redress staff API');
      expect({ page: '/docs', problems: await axeProblems(page) }).toEqual({ page: '/docs', problems: '' });

      await page.getByRole('link', { name: 'POST /api/complaints/{reference}/actions' }).click();
      expect(page.url()).toMatch(/#post-api-complaints-reference-actions$/);
      const closeBody = page.getByRole('table', { name: 'Body for close' });
      expect(await closeBody.getByRole('rowheader', { name: 'rootCause' }).count()).toBe(1);

      const [document] = await Promise.all([page.waitForResponse(/\/docs\/openapi\.json$/), page.getByRole('link', { name: /OpenAPI 3 document/ }).click()]);
      expect(document.status()).toBe(200);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
