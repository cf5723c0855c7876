import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { PDF_BYTES } from '../src/evidence/evidence.fixtures.js';
import { describeInBrowser, launchChromium } from './support/browser.js';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(240_000);

/** Messages in the transcript that say `text`. */
function said(page: Page, text: RegExp | string) {
  return page.locator('#webchat .webchat__text-content', { hasText: text });
}

/** Types into the send box, presses Enter, and waits for the answer to show. */
async function answer(page: Page, text: string, expected: RegExp | string): Promise<void> {
  const answers = said(page, expected);
  const before = await answers.count();
  const sendBox = page.getByRole('textbox', { name: /message/i });
  await sendBox.fill(text);
  await sendBox.press('Enter');
  await answers.nth(before).waitFor();
}

describeInBrowser.each(dialects())("Web Chat's attach button in Chromium on %s", (dialect) => {
  let browser: Browser;
  let server: RunningApp;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startApp(dialect);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a document with the attach button after the complaint is made, says it was added, and staff see it', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      const uploads: number[] = [];
      page.on('response', (response) => {
        if (/\/upload\?userId=/.test(response.url())) uploads.push(response.status());
      });
      await page.goto(`${server.baseUrl}/`);
      await said(page, 'What would you like to do?').first().waitFor();
      await answer(page, 'Make a complaint', 'Please tell me what happened');
      await answer(page, 'I was charged twice for one order.', 'What is your complaint about?');
      await answer(page, 'Billing', 'When did it happen?');
      await answer(page, 'yesterday', 'What would put it right for you?');
      await answer(page, 'A refund', 'How should we keep you updated?');
      await answer(page, 'In this chat', 'Shall I send it?');
      await answer(page, 'Send it', 'May we ask you afterwards how we did?');
      const reference = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./.exec(await said(page, 'Your reference is').first().innerText())![1];
      await answer(page, 'No', 'If you have a photo or document that shows what happened, send it now.');

      // the attach button is labelled for a screen reader, and opens the browser's file chooser
      const attach = page.getByRole('button', { name: /upload file/i });
      await expect(attach.isVisible()).resolves.toBe(true);
      const chooser = page.waitForEvent('filechooser');
      await attach.click();
      await (await chooser).setFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: PDF_BYTES });
      // Web Chat holds the file in the send box until the customer sends it
      await page.getByRole('button', { name: /^send$/i }).click();
      await said(page, `Thank you. I have added your PDF document to complaint ${reference}.`).waitFor();
      await said(page, 'You can send 4 more files, or reply DONE.').waitFor();
      await page.screenshot({ path: `/tmp/redress-chat-${dialect}-upload.png`, fullPage: true });
      // the customer's own message names the file, readable on its bubble
      const fileName = page.locator('#webchat .webchat__bubble--from-user .webchat__fileContent__fileName', { hasText: 'invoice.pdf' }).last();
      await fileName.waitFor();
      // compiled without the DOM's types, hence the casts
      const colour = await fileName.evaluate((element: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(element).color);
      expect(colour).toBe('rgb(255, 255, 255)');

      const listed = await server.request('GET', `/api/complaints/${reference}/evidence`);
      expect(listed.body.items).toEqual([expect.objectContaining({ origin: 'webchat', kind: 'pdf', fileName: 'invoice.pdf' })]);
      const file = await server.request('GET', `/api/complaints/${reference}/evidence/${listed.body.items[0].id}`);
      expect(file.text).toBe(PDF_BYTES.toString());
      expect(uploads).toEqual([200]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
