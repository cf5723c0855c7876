import escapeHtml from 'escape-html';
import type { CodeOfConduct } from '../../conduct/code-of-conduct.schema.js';
import { renderPage } from '../../conduct/page-shell.js';
import { PAGE_STYLES } from '../../conduct/page-styles.js';
import { COMMENT_MAX, SCALES, type ScaleQuestion } from '../survey-questions.js';
import { EMPTY_FORM, type FormError, type FormField, type FormValues } from './survey-form.js';

/** The page's words in the customer's language (see ./messages). */
export type PageText = (key: string, variables?: Record<string, string | number>) => string;

/**
 * What every page needs: the code of conduct (the organisation), the customer's language and its words, and the way
 * back to the root of Redress from the page's address (`../` from /survey/<token>), so that links work under a
 * PUBLIC_URL with a path prefix too.
 */
export interface PageContext {
  code: CodeOfConduct;
  language: string;
  t: PageText;
  root: string;
}

/** Why a link opens no form. */
export type ClosedReason = 'unknown' | 'expired' | 'answered' | 'cancelled';

export interface SurveyFormView {
  reference: string;
  /** When answers stop being taken, as a sentence in the customer's words. */
  until: string;
  /** The customer never agreed to the survey: sending the answers is their yes, and the page says so. */
  asking: boolean;
  values?: FormValues;
  errors?: FormError[];
  /** Where the form that stops all further surveys posts, relative to the page. */
  stopAction: string;
}

const FORM_STYLES = `
fieldset { border: 0; margin: 0 0 2rem; padding: 0; min-width: 0; }
legend { font-weight: 700; font-size: 1.25rem; padding: 0; margin-bottom: 0.25rem; }
.hint { color: #484949; margin: 0 0 0.75rem; }
.choices { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; }
.choice { display: flex; align-items: center; gap: 0.4rem; }
.choice input { width: 1.5rem; height: 1.5rem; margin: 0; accent-color: #0b0c0c; }
label { cursor: pointer; }
.field-label { display: block; font-weight: 700; font-size: 1.25rem; margin-bottom: 0.25rem; }
textarea { display: block; width: 100%; min-height: 8rem; font: inherit; padding: 0.5rem; border: 2px solid #0b0c0c; }
input:focus, textarea:focus, button:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
button { font: inherit; font-weight: 700; color: #ffffff; background: #00703c; border: 0; padding: 0.6rem 1.2rem;
  box-shadow: 0 2px 0 #002d18; cursor: pointer; }
button:hover { background: #005a30; }
button:focus { color: #0b0c0c; background: #ffdd00; box-shadow: 0 2px 0 #0b0c0c; }
button.secondary { color: #0b0c0c; background: #dddddd; box-shadow: 0 2px 0 #555555; }
button.secondary:hover { background: #c8c8c8; }
button.secondary:focus { background: #ffdd00; box-shadow: 0 2px 0 #0b0c0c; }
.error-summary { border: 4px solid #b10e1e; padding: 1rem 1.25rem; margin-bottom: 2rem; }
.error-summary h2 { margin-top: 0; font-size: 1.4rem; }
.error-message { display: block; color: #b10e1e; font-weight: 700; margin-bottom: 0.5rem; }
.has-error { border-left: 5px solid #b10e1e; padding-left: 1rem; }
@media (forced-colors: active) { input:focus, textarea:focus, button:focus { outline: 3px solid Highlight; } }
`;

/** The form: the five questions the web chat asks, each a group of its own, none required. */
export function renderSurveyForm(context: PageContext, view: SurveyFormView): string {
  const { t } = context;
  const values = view.values ?? EMPTY_FORM;
  const errors = view.errors ?? [];
  const errorOf = (field: FormField) => errors.find((error) => error.field === field);
  const message = (error: FormError) => {
    switch (error.problem) {
      case 'out_of_range':
        return t(`error_out_of_range_${error.field}`);
      case 'not_a_choice':
        return t('error_not_a_choice');
      case 'too_long':
        return t('error_too_long', { length: [...values.comment].length, max: COMMENT_MAX });
    }
  };
  const errorLine = (field: FormField) => {
    const error = errorOf(field);
    return error ? `<span class="error-message" id="${field}-error">${escapeHtml(message(error))}</span>\n` : '';
  };
  const describedBy = (field: FormField, hint: boolean) => {
    const ids = [hint ? `${field}-hint` : '', errorOf(field) ? `${field}-error` : ''].filter(Boolean);
    return ids.length > 0 ? ` aria-describedby="${ids.join(' ')}"` : '';
  };
  const radios = (field: FormField, choices: { value: string; label: string }[]) =>
    choices
      .map(({ value, label }, index) => {
        const id = `${field}-${index + 1}`;
        const checked = values[field] === value ? ' checked' : '';
        return `<div class="choice"><input type="radio" id="${id}" name="${field}" value="${escapeHtml(value)}"${checked}><label for="${id}">${escapeHtml(label)}</label></div>`;
      })
      .join('\n');
  const scale = (question: ScaleQuestion) => {
    const choices = Array.from({ length: SCALES[question] }, (_, index) => ({ value: String(index + 1), label: String(index + 1) }));
    return `<fieldset id="${question}"${describedBy(question, true)}${errorOf(question) ? ' class="has-error"' : ''}>
<legend>${escapeHtml(t(question))}</legend>
<p class="hint" id="${question}-hint">${escapeHtml(t(`${question}_hint`))}</p>
${errorLine(question)}<div class="choices">
${radios(question, choices)}
</div>
</fieldset>`;
  };
  const summary =
    errors.length > 0
      ? `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${escapeHtml(t('error_title'))}</h2>
<ul>
${errors.map((error) => `<li><a href="#${error.field === 'comment' ? 'comment' : error.field}">${escapeHtml(message(error))}</a></li>`).join('\n')}
</ul>
<p>${escapeHtml(t('error_nothing_kept'))}</p>
</div>
`
      : '';
  const main = `<h1>${escapeHtml(t('title'))}</h1>
${summary}<p>${escapeHtml(t('intro', { reference: view.reference }))}</p>
${view.asking ? `<p>${escapeHtml(t('asking'))}</p>\n` : ''}<p>${escapeHtml(view.until)}</p>
<form method="post" novalidate>
${scale('handling')}
${scale('outcome')}
${scale('effort')}
<fieldset id="datesKept"${describedBy('datesKept', false)}${errorOf('datesKept') ? ' class="has-error"' : ''}>
<legend>${escapeHtml(t('datesKept'))}</legend>
${errorLine('datesKept')}<div class="choices">
${radios('datesKept', [
  { value: 'yes', label: t('yes') },
  { value: 'no', label: t('no') },
  { value: 'not_sure', label: t('not_sure') },
])}
</div>
</fieldset>
<div class="field${errorOf('comment') ? ' has-error' : ''}">
<label class="field-label" for="comment">${escapeHtml(t('comment'))}</label>
<p class="hint" id="comment-hint">${escapeHtml(t('comment_hint', { max: COMMENT_MAX }))}</p>
${errorLine('comment')}<textarea id="comment" name="comment" rows="6"${describedBy('comment', true)}>${escapeHtml(values.comment)}</textarea>
</div>
<p><button type="submit">${escapeHtml(t('send'))}</button></p>
</form>
${stopSection(t, view.stopAction)}`;
  const title = errors.length > 0 ? `${t('error_title')}: ${t('title')}` : t('title');
  return page(context, title, main);
}

/** A customer may stop all further surveys, from the page or from their mail program's "unsubscribe". */
function stopSection(t: PageText, action: string): string {
  return `<section aria-labelledby="stop-heading">
<h2 id="stop-heading">${escapeHtml(t('stop_heading'))}</h2>
<p>${escapeHtml(t('stop_text'))}</p>
<form method="post" action="${escapeHtml(action)}">
<p><button type="submit" class="secondary">${escapeHtml(t('stop_button'))}</button></p>
</form>
</section>`;
}

/** The address a mail program's "unsubscribe" opens: the same choice, which only a press of the button makes. */
export function renderStop(context: PageContext): string {
  const { t } = context;
  return page(context, t('stop_heading'), `<h1>${escapeHtml(t('stop_heading'))}</h1>\n<p>${escapeHtml(t('stop_text'))}</p>\n<form method="post">\n<p><button type="submit">${escapeHtml(t('stop_button'))}</button></p>\n</form>`);
}

/** After the customer stopped surveys. */
export function renderStopped(context: PageContext): string {
  const { t } = context;
  return page(context, t('stopped_title'), `<h1>${escapeHtml(t('stopped_title'))}</h1>\n<p>${escapeHtml(t('stopped'))}</p>`);
}

/** After the answers are kept. */
export function renderThanks(context: PageContext, reference: string, answered: boolean): string {
  const { t } = context;
  return page(context, t('thanks_title'), `<h1>${escapeHtml(t('thanks_title'))}</h1>\n<p>${escapeHtml(t(answered ? 'thanks' : 'thanks_none', { reference }))}</p>`);
}

/**
 * A link that opens no form: unknown, past its time, already answered, or stopped. A link of a real survey still offers
 * to stop further surveys (`stopAction`), as the emails promise.
 */
export function renderClosed(context: PageContext, reason: ClosedReason, reference = '', stopAction?: string): string {
  const { t } = context;
  const stop = stopAction ? `\n${stopSection(t, stopAction)}` : '';
  return page(context, t(`${reason}_title`), `<h1>${escapeHtml(t(`${reason}_title`))}</h1>\n<p>${escapeHtml(t(reason, { reference }))}</p>${stop}`);
}

/** Something unexpected: a polite page with the error id the log has too. */
export function renderFailure(context: PageContext, errorId: string): string {
  const { t } = context;
  return page(context, t('failed_title'), `<h1>${escapeHtml(t('failed_title'))}</h1>\n<p>${escapeHtml(t('failed', { id: errorId }))}</p>`);
}

function page({ code, language, t, root }: PageContext, title: string, main: string): string {
  const organisation = code.organisation.name;
  return renderPage(code, {
    title: escapeHtml(`${title} – ${organisation}`),
    head: `<style>${PAGE_STYLES}${FORM_STYLES}</style>`,
    main,
    footer: `<p><a href="${escapeHtml(root)}code-of-conduct">${escapeHtml(t('code_of_conduct'))}</a></p>`,
    lang: language,
    skipLink: t('skip_link'),
  });
}
