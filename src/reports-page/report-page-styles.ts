import { PAGE_STYLES } from '../conduct/page-styles.js';

/**
 * The public pages' styles, widened for figures, with forms, tables and a print layout for the monthly review on A4:
 * no navigation or forms on paper, each section from a new page, and charts that fit the width.
 */
export const REPORT_PAGE_STYLES = `${PAGE_STYLES}
.wrap { max-width: 72rem; }
h1 { font-size: 2rem; }
.account { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; margin: 0 0 1rem; font-size: 1rem; }
.account p { margin: 0; }
form.inline { display: inline; margin: 0; }
label { display: block; font-weight: 700; margin-bottom: 0.25rem; }
.hint { display: block; font-weight: 400; color: #484949; font-size: 1rem; }
input, select { font: inherit; font-size: 1.0625rem; padding: 0.35rem 0.5rem; border: 2px solid #0b0c0c; border-radius: 0;
  background: #ffffff; color: #0b0c0c; min-width: 12rem; }
input:focus, select:focus, button:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
button, .button { font: inherit; font-size: 1.0625rem; font-weight: 700; padding: 0.5rem 1rem; border: 2px solid transparent;
  background: #00703c; color: #ffffff; cursor: pointer; box-shadow: 0 2px 0 #002d18; text-decoration: none; display: inline-block; }
button.secondary { background: #f3f2f1; color: #0b0c0c; box-shadow: 0 2px 0 #929191; }
a.button, a.button:visited { color: #ffffff; }
.field { margin-bottom: 1.25rem; }
.field-error { display: block; color: #a4261d; font-weight: 700; }
.fields { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-end; }
.error-summary { border: 4px solid #a4261d; padding: 1rem 1.25rem; margin-bottom: 1.5rem; }
.error-summary h2 { margin-top: 0; font-size: 1.375rem; }
.notice { border-left: 6px solid #1d3f8f; padding: 0.5rem 1rem; background: #f3f2f1; }
.pair { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem 2rem; align-items: start; }
@media (min-width: 64rem) { .pair { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); } }
figure.chart { margin: 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: 1rem; color: #484949; }
table { border-collapse: collapse; width: 100%; font-size: 1rem; margin-bottom: 1rem; }
caption { text-align: left; font-weight: 700; padding-bottom: 0.5rem; }
th, td { text-align: left; padding: 0.35rem 0.75rem 0.35rem 0; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
td.number, th.number { text-align: right; }
.not-enough { font-style: italic; }
.downloads li { margin-bottom: 0.25rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body { font-size: 11pt; }
  header, footer, .skip-link, nav, form, .downloads, .error-summary { display: none !important; }
  .wrap { max-width: none; padding: 0; }
  main { padding: 0; }
  section.report-section { break-before: page; }
  section.report-section:first-of-type { break-before: auto; }
  figure.chart, table { break-inside: avoid; }
  .pair { display: block; }
  figure.chart svg { width: 100%; max-width: 180mm; }
  a { color: #0b0c0c; text-decoration: none; }
}
`;
