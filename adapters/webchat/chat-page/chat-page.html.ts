import escapeHtml from 'escape-html';
import type { CodeOfConduct } from '../../../src/conduct/code-of-conduct.schema.js';
import { contactRouteHtml, htmlLink, webHref } from '../../../src/conduct/contact-links.js';

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
  const website = code.organisation.website ? webHref(code.organisation.website) : undefined;
  // this page is the chat, so it is not one of the "other" routes
  const otherRoutes = code.organisation.contactRoutes.filter((route) => route.kind !== 'chat');
  const routes = otherRoutes.map((route) => `<li>${contactRouteHtml(route)}</li>`).join('\n');
  const otherWays = otherRoutes.length
    ? `<p>You can also complain in these ways:</p>\n<ul>\n${routes}\n</ul>`
    : '<p>Our code of conduct lists the other ways to complain.</p>';

  return `<!DOCTYPE html>
<html lang="${escapeHtml(code.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Complaints chat – ${organisation}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(assets.styles)}">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header>
<div class="wrap">
<p class="organisation">${website ? htmlLink(website, code.organisation.name) : organisation}</p>
</div>
</header>
<main id="main" tabindex="-1">
<div class="wrap">
<h1>Make a complaint, or check on one</h1>
<p>Our complaints assistant asks a few short questions, one at a time, and gives you a reference for your complaint. With that reference you can come back here to see how it is going.</p>
<p>Please do not type passwords or bank card numbers into the chat.</p>
<section class="chat" aria-labelledby="chat-heading">
<h2 id="chat-heading">Chat with us</h2>
<noscript>
<p class="notice">The chat needs JavaScript, which is turned off or not available in your browser.</p>
${otherWays}
</noscript>
<p id="chat-status" class="chat-status" role="status" aria-live="polite">The chat is loading.</p>
<div id="webchat" class="webchat"></div>
</section>
</div>
</main>
<footer>
<div class="wrap">
<p>${htmlLink('/code-of-conduct', 'How we handle complaints: our code of conduct')}</p>
</div>
</footer>
<script src="${escapeHtml(assets.webChatScript)}" nonce="${nonce}"></script>
<script src="${escapeHtml(assets.pageScript)}" nonce="${nonce}"></script>
</body>
</html>
`;
}
