import escapeHtml from 'escape-html';
import type { CodeOfConduct } from '../../../src/conduct/code-of-conduct.schema.js';
import { contactRouteHtml, htmlLink } from '../../../src/conduct/contact-links.js';
import { renderPage } from '../../../src/conduct/page-shell.js';
import { DESCRIPTION_MAX } from '../../../src/complaints/domain/description.js';

const STORY_MAX = DESCRIPTION_MAX.toLocaleString('en-GB');

export interface ChatPageAssets {
  webChatScript: string;
  pageScript: string;
  styles: string;
}

/**
 * The public chat page. It has no inline script: Web Chat and the few lines that start it are files from this
 * server, so the page can forbid every other script. `nonce` lets Web Chat's own style elements through.
 */
export function renderChatPage(code: CodeOfConduct, assets: ChatPageAssets, nonce: string): string {
  const organisation = escapeHtml(code.organisation.name);
  // this page is the chat, so it is not one of the "other" routes
  const otherRoutes = code.organisation.contactRoutes.filter((route) => route.kind !== 'chat');
  const routes = otherRoutes.map((route) => `<li>${contactRouteHtml(route)}</li>`).join('\n');
  const otherWays = otherRoutes.length
    ? `<p>You can also complain in these ways:</p>\n<ul>\n${routes}\n</ul>`
    : '<p>Our code of conduct lists the other ways to complain.</p>';

  return renderPage(code, {
    title: `Complaints chat – ${organisation}`,
    head: `<link rel="icon" href="data:,">\n<link rel="stylesheet" href="${escapeHtml(assets.styles)}">`,
    main: `<h1>Make a complaint, or check on one</h1>
<p>Our complaints assistant asks a few short questions, one at a time, and gives you a reference and a secret code for your complaint. With both you can come back here, from any device, to see how it is going.</p>
<p>You can tell us what happened in your own words, up to ${STORY_MAX} characters, in one message or several. To start a new line without sending, press Shift and Enter.</p>
<p>Please do not type passwords or bank card numbers into the chat.</p>
<section class="chat" aria-labelledby="chat-heading">
<h2 id="chat-heading">Chat with us</h2>
<noscript>
<p class="notice">The chat needs JavaScript, which is turned off or not available in your browser.</p>
${otherWays}
</noscript>
<p id="chat-status" class="chat-status" role="status" aria-live="polite">The chat is loading.</p>
<div id="webchat" class="webchat"></div>
</section>`,
    footer: `<p>${htmlLink('/code-of-conduct', 'How we handle complaints: our code of conduct')}</p>`,
    scripts: `<script src="${escapeHtml(assets.webChatScript)}" nonce="${nonce}"></script>
<script src="${escapeHtml(assets.pageScript)}" nonce="${nonce}"></script>
`,
  });
}
