import escapeHtml from 'escape-html';
import type { CodeOfConduct } from './code-of-conduct.schema.js';
import { htmlLink, webHref } from './contact-links.js';

export interface PageParts {
  /** Already escaped where it holds text from the code. */
  title: string;
  /** Styles and anything else the page needs in its head. */
  head: string;
  main: string;
  footer: string;
  /** Scripts at the end of the body. */
  scripts?: string;
  /** The page's language when it is not the code's (the chat page follows the customer's). */
  lang?: string;
  skipLink?: string;
}

/**
 * Everything the public pages share: the document, a skip link, a header naming the organisation (linked to its
 * website), the main landmark the skip link lands on, and the footer.
 */
export function renderPage(code: CodeOfConduct, parts: PageParts): string {
  const organisation = escapeHtml(code.organisation.name);
  const website = code.organisation.website ? webHref(code.organisation.website) : undefined;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(parts.lang ?? code.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${parts.title}</title>
${parts.head}
</head>
<body>
<a class="skip-link" href="#main"${parts.skipLink ? ' data-text="skipLink"' : ''}>${escapeHtml(parts.skipLink ?? 'Skip to main content')}</a>
<header>
<div class="wrap">
<p class="organisation">${website ? htmlLink(website, code.organisation.name) : organisation}</p>
</div>
</header>
<main id="main" tabindex="-1">
<div class="wrap">
${parts.main}
</div>
</main>
<footer>
<div class="wrap">
${parts.footer}
</div>
</footer>
${parts.scripts ?? ''}</body>
</html>
`;
}
