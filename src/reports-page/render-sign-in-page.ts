import escapeHtml from 'escape-html';
import type { CodeOfConduct } from '../conduct/code-of-conduct.schema.js';
import { renderPage } from '../conduct/page-shell.js';
import { REPORT_PAGE_STYLES } from './report-page-styles.js';

export interface SignInPageOptions {
  /** The anti-forgery token the form sends back, matched against its cookie. */
  formToken: string;
  slack: boolean;
  /** Shown above the form: why the last attempt failed, or that the session ended. */
  error?: string;
  notice?: string;
}

/** The staff sign-in page: "Sign in with Slack" when it is set up, and the staff key form. */
export function renderSignInPage(code: CodeOfConduct, options: SignInPageOptions): string {
  const error = options.error
    ? `<div class="error-summary" role="alert" aria-labelledby="error-title" tabindex="-1">
<h2 id="error-title">You are not signed in</h2>
<p id="sign-in-error">${escapeHtml(options.error)}</p>
</div>`
    : '';
  const notice = options.notice ? `<p class="notice" role="status">${escapeHtml(options.notice)}</p>` : '';
  const slack = options.slack
    ? `<h2>With Slack</h2>
<p>Staff who handle complaints in Slack sign in with their Slack account.</p>
<p><a class="button" href="/reports/sign-in/slack">Sign in with Slack</a></p>
<h2>With a staff key</h2>`
    : '';
  const main = `<h1>Sign in to the complaints report</h1>
${error}${notice}
<p>The report is for staff only.</p>
${slack}
<form method="post" action="/reports/sign-in" novalidate>
<input type="hidden" name="token" value="${escapeHtml(options.formToken)}">
<div class="field">
<label for="key">Staff key <span class="hint">Your personal key (rk_…) from <code>npm run staff</code>, or the shared staff API key</span></label>
<input id="key" name="key" type="password" autocomplete="off" spellcheck="false" required${options.error ? ' aria-invalid="true" aria-describedby="sign-in-error"' : ''}>
</div>
<button type="submit">Sign in</button>
</form>`;
  return renderPage(code, {
    title: 'Sign in to the complaints report',
    head: `<meta name="robots" content="noindex"><style>${REPORT_PAGE_STYLES}</style>`,
    main,
    footer: '<p>Signing in keeps you signed in on this browser for the working day, until you sign out.</p>',
    lang: 'en',
  });
}

/** A short page for a refusal that needs its own words (a Slack user who is not staff, a workspace not ours). */
export function renderRefusalPage(code: CodeOfConduct, heading: string, text: string): string {
  return renderPage(code, {
    title: escapeHtml(heading),
    head: `<meta name="robots" content="noindex"><style>${REPORT_PAGE_STYLES}</style>`,
    main: `<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(text)}</p>\n<p><a href="/reports/sign-in">Back to sign in</a></p>`,
    footer: '',
    lang: 'en',
  });
}
