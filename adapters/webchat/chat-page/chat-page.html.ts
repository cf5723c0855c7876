import escapeHtml from 'escape-html';
import type { CodeOfConduct } from '../../../src/conduct/code-of-conduct.schema.js';
import { contactRouteHtml } from '../../../src/conduct/contact-links.js';
import { renderPage } from '../../../src/conduct/page-shell.js';
import { DESCRIPTION_MAX } from '../../../src/complaints/domain/description.js';
import { CHAT_PAGE_TEXTS, type ChatPageLanguage, type ChatPageTextKey } from './chat-page-texts.js';

const STORY_MAX: Record<ChatPageLanguage, string> = { en: DESCRIPTION_MAX.toLocaleString('en-GB'), es: DESCRIPTION_MAX.toLocaleString('es-ES') };

export interface ChatPageAssets {
  webChatScript: string;
  pageScript: string;
  styles: string;
}

/**
 * The public chat page, in the browser's language. It has no inline script: Web Chat and the few lines that start it
 * are files from this server, so the page can forbid every other script. `nonce` lets Web Chat's own style elements
 * through. Each text the page says is marked `data-text` and both languages' words ride along as JSON (data, never
 * run), so that the page follows the chat when the customer switches language.
 */
export function renderChatPage(code: CodeOfConduct, assets: ChatPageAssets, nonce: string, language: ChatPageLanguage = 'en'): string {
  const words = CHAT_PAGE_TEXTS[language];
  const organisation = escapeHtml(code.organisation.name);
  const text = (key: ChatPageTextKey) => `data-text="${key}">${escapeHtml(words[key].replace('{}', STORY_MAX[language]))}`;
  // this page is the chat, so it is not one of the "other" routes
  const otherRoutes = code.organisation.contactRoutes.filter((route) => route.kind !== 'chat');
  const routes = otherRoutes.map((route) => `<li>${contactRouteHtml(route)}</li>`).join('\n');
  const otherWays = otherRoutes.length ? `<p ${text('otherWays')}</p>\n<ul>\n${routes}\n</ul>` : `<p ${text('otherWaysInCode')}</p>`;
  const texts = Object.fromEntries(
    Object.entries(CHAT_PAGE_TEXTS).map(([lang, all]) => [
      lang,
      { ...all, story: all.story.replace('{}', STORY_MAX[lang as ChatPageLanguage]), title: `${all.title} – ${code.organisation.name}` },
    ]),
  );

  return renderPage(code, {
    lang: words.lang,
    skipLink: words.skipLink,
    title: `${escapeHtml(words.title)} – ${organisation}`,
    head: `<link rel="icon" href="data:,">\n<link rel="stylesheet" href="${escapeHtml(assets.styles)}">`,
    main: `<h1 ${text('heading')}</h1>
<p ${text('intro')}</p>
<p ${text('story')}</p>
<p ${text('privacy')}</p>
<section class="chat" aria-labelledby="chat-heading">
<h2 id="chat-heading" ${text('chatHeading')}</h2>
<noscript>
<p class="notice" ${text('noScript')}</p>
${otherWays}
</noscript>
<p id="chat-status" class="chat-status" role="status" aria-live="polite" ${text('loading')}</p>
<div id="webchat" class="webchat"></div>
</section>
<script type="application/json" id="chat-texts">${jsonForHtml(texts)}</script>`,
    footer: `<p><a href="/code-of-conduct" ${text('footer')}</a></p>`,
    scripts: `<script src="${escapeHtml(assets.webChatScript)}" nonce="${nonce}"></script>
<script src="${escapeHtml(assets.pageScript)}" nonce="${nonce}"></script>
`,
  });
}

/** JSON inside a script element: nothing in it may close the element or open a comment. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
