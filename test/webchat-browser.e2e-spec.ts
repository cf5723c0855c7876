import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeProblems, describeInBrowser, launchChromium } from './support/browser.js';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(180_000);

interface OpenedPage {
  page: Page;
  /** What the browser complained about: script errors and Content-Security-Policy refusals. */
  problems: string[];
  /** The paths of the WebSockets the page opened. */
  sockets: string[];
  /** The paths of the page's polls for activities. */
  polls: string[];
}

async function openPage(context: BrowserContext, url: string): Promise<OpenedPage> {
  const page = await context.newPage();
  const opened: OpenedPage = { page, problems: [], sockets: [], polls: [] };
  page.on('pageerror', (error) => opened.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') opened.problems.push(`console error: ${message.text()}`);
  });
  page.on('websocket', (socket) => opened.sockets.push(new URL(socket.url()).pathname));
  page.on('request', (request) => {
    if (request.method() === 'GET' && /\/activities\b/.test(request.url())) opened.polls.push(new URL(request.url()).pathname);
  });
  await page.goto(url);
  return opened;
}

/** Messages in the transcript that say `text`. */
function said(page: Page, text: RegExp | string) {
  return page.locator('#webchat .webchat__text-content', { hasText: text });
}

/** The chat as a keyboard user has it: type into the send box, press Enter, and wait for the answer to show. */
async function answer(page: Page, text: string, expected: RegExp | string): Promise<void> {
  const answers = said(page, expected);
  const before = await answers.count();
  const sendBox = page.getByRole('textbox', { name: /message/i });
  await sendBox.fill(text);
  await sendBox.press('Enter');
  await answers.nth(before).waitFor();
}

/** What has the keyboard focus, and whether it shows (compiled without the DOM's types, hence the string). */
async function focused(page: Page): Promise<{ tag: string; label: string | null; text: string; outline: string; shadow: string }> {
  return (await page.evaluate(`(() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return { tag: element.tagName, label: element.getAttribute('aria-label'), text: element.textContent.trim().slice(0, 60),
      outline: style.outlineStyle + ' ' + style.outlineWidth, shadow: style.boxShadow };
  })()`)) as { tag: string; label: string | null; text: string; outline: string; shadow: string };
}

describeInBrowser.each(dialects())('the chat page in Chromium on %s', (dialect) => {
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

  it('takes a complaint from a keyboard user, and later shows its stage to someone with the reference and the proof', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const { page, problems, sockets, polls } = await openPage(context, `${server.baseUrl}/`);
      await said(page, 'What would you like to do?').first().waitFor();
      // replies come on Direct Line's WebSocket stream, not by polling
      expect(sockets).toEqual([expect.stringMatching(/^\/v3\/directline\/conversations\/[\w-]+\/stream$/)]);
      await page.screenshot({ path: `/tmp/redress-chat-${dialect}-start.png`, fullPage: true });

      // the keyboard alone: the skip link first, then on through the page to the send box, every stop visibly focused
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ tag: 'A', text: 'Skip to main content' });
      await page.keyboard.press('Enter');
      expect((await focused(page)).tag).toBe('MAIN');
      for (let stop = 0; stop < 20 && !/message/i.test((await focused(page)).label ?? ''); stop++) {
        await page.keyboard.press('Tab');
        const now = await focused(page);
        expect({ ...now, visible: !now.outline.startsWith('none') || now.shadow !== 'none' }).toMatchObject({ visible: true });
      }
      expect((await focused(page)).label).toMatch(/message/i);
      const asked = said(page, 'Please tell me what happened.');
      await page.keyboard.type('Make a complaint');
      await page.keyboard.press('Enter');
      await asked.first().waitFor();

      await answer(page, 'The parcel was marked as delivered but it never arrived.', 'What is your complaint about?');
      // a reload keeps the tab's conversation: the transcript comes back and the question still stands
      await page.reload();
      await said(page, 'What is your complaint about?').first().waitFor();
      await said(page, 'The parcel was marked as delivered but it never arrived.').first().waitFor();
      await answer(page, 'Delivery', /When did it happen\?/);
      await answer(page, 'yesterday', /What would put it right for you\?/);
      await answer(page, 'A replacement parcel', 'How should we keep you updated?');
      // no email or SMS is set up here, so updates can only come in this chat: nothing else is offered
      expect(await page.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button').allTextContents()).toEqual(['In this chat']);
      await answer(page, 'In this chat', 'Shall I send it?');
      await page.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button', { name: 'Send it', exact: true }).press('Enter');
      const filed = said(page, /Your reference is [0-9A-Z]{4}-[0-9A-Z]{4}\./).first();
      await filed.waitFor();
      const reference = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec((await filed.textContent()) ?? '')?.[1];
      expect(reference).toBeDefined();
      const secret = (await said(page, /Your secret code is/).first().textContent()) ?? '';
      const code = /Your secret code is ([0-9A-Z]{3}-[0-9A-Z]{3})\./.exec(secret)?.[1];
      expect(code).toBeDefined();
      await page.screenshot({ path: `/tmp/redress-chat-${dialect}-filed.png`, fullPage: true });
      expect(problems).toEqual([]);
      // one stream before the reload and one after, for the same conversation
      expect(sockets).toHaveLength(2);
      expect(sockets[1]).toBe(sockets[0]);
      expect(polls).toEqual([]);

      // another day, another browser: a fresh conversation that knows nothing of the first
      const later = await browser.newContext({ locale: 'en-GB' });
      try {
        const { page: other, problems: otherProblems } = await openPage(later, `${server.baseUrl}/chat`);
        await said(other, 'What would you like to do?').first().waitFor();
        await answer(other, 'Check a complaint', /What is your complaint reference\?/);
        await answer(other, reference!.toLowerCase().replace('-', ' '), /the secret code that came with your reference/);
        await answer(other, code!, /We will check it and tell you who is dealing with it\./);
        await other.screenshot({ path: `/tmp/redress-chat-${dialect}-status.png`, fullPage: true });
        expect(otherProblems).toEqual([]);
      } finally {
        await later.close();
      }
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical WCAG 2.1 AA problems on the chat page once Web Chat has rendered, nor on the code of conduct', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const { page: chat } = await openPage(context, `${server.baseUrl}/`);
      await said(chat, 'What would you like to do?').first().waitFor();
      await chat.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button', { name: 'Make a complaint' }).waitFor();
      expect({ page: '/', problems: await axeProblems(chat) }).toEqual({ page: '/', problems: '' });

      const { page: code } = await openPage(context, `${server.baseUrl}/code-of-conduct`);
      expect({ page: '/code-of-conduct', problems: await axeProblems(code) }).toEqual({ page: '/code-of-conduct', problems: '' });
    } finally {
      await context.close();
    }
  });

  it('follows the customer into Spanish: heading, intro, footer, send box and the page\'s language', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    try {
      const { page, problems } = await openPage(context, `${server.baseUrl}/`);
      await said(page, 'What would you like to do?').first().waitFor();
      expect(await page.evaluate('document.documentElement.lang')).toBe('en-GB');
      // help names the code of conduct as a link, not as a bare path
      await answer(page, 'help', 'our code of conduct');
      const link = page.locator('#webchat').getByRole('link', { name: 'our code of conduct' });
      expect(await link.getAttribute('href')).toBe(`${server.baseUrl}/code-of-conduct`);
      // one line each, as written, not run together into one paragraph
      expect(await said(page, 'our code of conduct').first().locator('br').count()).toBeGreaterThan(3);
      await answer(page, 'hola, quiero poner una queja', 'A partir de ahora le escribo en español.');
      await page.getByRole('heading', { level: 1, name: 'Ponga una queja, o consulte una' }).waitFor();
      expect(await page.evaluate('document.documentElement.lang')).toBe('es-ES');
      expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Hable con nosotros');
      expect(await page.locator('footer').textContent()).toContain('Cómo tratamos las quejas: nuestro código de conducta');
      expect(await page.locator('main').textContent()).toContain('Por favor, no escriba contraseñas');
      const sendBox = page.getByRole('textbox').first();
      await expect(sendBox.getAttribute('placeholder')).resolves.toBe('Escriba su mensaje');
      // and back: the page follows the chat again (the send box is labelled in Spanish now)
      await sendBox.fill('english');
      await sendBox.press('Enter');
      await said(page, 'I will write in English from now on.').first().waitFor();
      await page.getByRole('heading', { level: 1, name: 'Make a complaint, or check on one' }).waitFor();
      expect(await page.evaluate('document.documentElement.lang')).toBe('en-GB');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('tells a customer whose network has just started too many chats to try again in a minute', async () => {
    const limited = await startApp(dialect, { CHAT_STARTS_PER_MINUTE: '1' });
    const first = await browser.newContext({ locale: 'en-GB' });
    const second = await browser.newContext({ locale: 'en-GB' });
    try {
      const { page: allowed } = await openPage(first, `${limited.baseUrl}/`);
      await said(allowed, 'What would you like to do?').first().waitFor();

      const { page: refused } = await openPage(second, `${limited.baseUrl}/`);
      const status = refused.getByRole('status');
      await status.filter({ hasText: 'try again in a minute' }).waitFor();
      expect(await status.textContent()).toBe('Many chats have been started from your network just now. Please try again in a minute.');
      expect(await said(refused, 'What would you like to do?').count()).toBe(0);
    } finally {
      await first.close();
      await second.close();
      await limited.stop();
    }
  });
});
