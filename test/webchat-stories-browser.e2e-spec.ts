import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DESCRIPTION_MAX } from '../src/complaints/domain/description.js';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(180_000);

/** Debian's Chromium (`apt-get install chromium`); this test never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && (process.env.CI === 'true' || process.env.REQUIRE_BROWSER === '1')) {
  throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
}
const describeInBrowser = haveChromium ? describe : describe.skip;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const FIRST = 'On Monday the courier left my parcel outside in the rain.';
const SECOND = 'The laptop inside was soaked and will not switch on.';
const THIRD = 'Nobody called me back.';

async function openChat(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url);
  await said(page, 'What would you like to do?').first().waitFor();
  return { page, problems };
}

/** Messages in the transcript that say `text`. */
function said(page: Page, text: RegExp | string) {
  return page.locator('#webchat .webchat__text-content', { hasText: text });
}

function sendBox(page: Page) {
  return page.getByRole('textbox', { name: /message/i });
}

/** Types into the send box, presses Enter, and waits for the answer to show. */
async function answer(page: Page, text: string, expected: RegExp | string): Promise<void> {
  const answers = said(page, expected);
  const before = await answers.count();
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
  await answers.nth(before).waitFor();
}

describeInBrowser.each(dialects())('telling a long story on the chat page in Chromium on %s', (dialect) => {
  let browser: Browser;
  let server: RunningApp;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    server = await startApp(dialect);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('states the limit up front, sends paragraphs as one message, keeps an over-long message in the box, and gives a way back', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const { page, problems } = await openChat(context, `${server.baseUrl}/`);
      const intro = (await page.locator('main').textContent()) ?? '';
      expect(intro).toContain('up to 5,000 characters, in one message or several');
      expect(intro).toContain('To start a new line without sending, press Shift and Enter.');
      expect(intro).toContain('a reference and a secret code');

      await answer(page, 'Make a complaint', `You can use up to ${DESCRIPTION_MAX} characters, in one message or several.`);

      // Shift+Enter starts a new line; only Enter sends, and then the whole story goes as one message
      const box = sendBox(page);
      await box.click();
      await page.keyboard.type(FIRST);
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type(SECOND);
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type(THIRD);
      expect(await said(page, FIRST).count()).toBe(0);
      expect(await box.inputValue()).toBe(`${FIRST}\n\n${SECOND}\n${THIRD}`);
      await page.keyboard.press('Enter');
      await said(page, 'What is your complaint about?').first().waitFor();
      expect(await said(page, FIRST).count()).toBe(1);

      // a message over the limit stays in the box, and the page says why
      const tooLong = 'w'.repeat(DESCRIPTION_MAX + 1);
      const botBefore = await page.locator('#webchat .webchat__text-content').count();
      await box.fill(tooLong);
      await box.press('Enter');
      const status = page.getByRole('status').filter({ hasText: 'characters' });
      await status.waitFor();
      expect(await status.textContent()).toBe(
        'Your message has 5,001 characters, more than the 5,000 one message can have. It is still in the box for you to shorten.',
      );
      expect(await box.inputValue()).toBe(tooLong);
      expect(await page.locator('#webchat .webchat__text-content').count()).toBe(botBefore);

      await answer(page, 'Delivery', /When did it happen\?/);
      // the word about the long message goes once a message is sent
      expect(await page.locator('#chat-status').textContent()).toBe('');
      await answer(page, 'yesterday', /What would put it right for you\?/);
      await answer(page, 'A new laptop', 'How should we keep you updated?');
      await answer(page, 'In this chat', 'Shall I send it?');
      await answer(page, 'Send it', /Your secret code is/);
      const filed = (await said(page, /Your reference is/).first().textContent()) ?? '';
      const reference = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(filed)?.[1];
      const secret = (await said(page, /Your secret code is/).first().textContent()) ?? '';
      const code = /Your secret code is ([0-9A-Z]{3}-[0-9A-Z]{3})\./.exec(secret)?.[1];
      expect(reference).toBeDefined();
      expect(code).toBeDefined();
      expect(problems).toEqual([]);
      const complaint = await server.request('GET', `/api/complaints/${reference}`);
      expect(complaint.body.description).toBe(`${FIRST}\n\n${SECOND}\n${THIRD}`);

      // another browser, who gave no phone number or email: the reference and the code bring them back
      const later = await browser.newContext({ locale: 'en-GB' });
      try {
        const { page: other } = await openChat(later, `${server.baseUrl}/chat`);
        await answer(other, 'Check a complaint', /What is your complaint reference\?/);
        await answer(other, reference!, /the secret code that came with your reference/);
        await answer(other, code!, /We will check it and tell you who is dealing with it\./);
      } finally {
        await later.close();
      }
    } finally {
      await context.close();
    }
  });
});
