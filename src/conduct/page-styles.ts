/** Redress's public pages, GOV.UK-style: text and links above 7:1 contrast, a yellow focus no page colour can hide. */
export const PAGE_STYLES = `
*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1.1875rem;
  line-height: 1.6; color: #0b0c0c; background: #ffffff; }
.wrap { max-width: 44rem; margin: 0 auto; padding: 0 1rem; }
header { background: #0b0c0c; color: #ffffff; padding: 1rem 0; }
header a, header a:visited { color: #ffffff; }
.organisation { margin: 0; font-weight: 700; font-size: 1.25rem; }
main { display: block; padding: 1.5rem 0 2rem; }
main:focus { outline: none; }
h1 { font-size: 2.25rem; line-height: 1.15; margin: 0.5rem 0 1.25rem; }
h2 { font-size: 1.6rem; line-height: 1.2; margin: 2.5rem 0 1rem; }
h3 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
ul { padding-left: 1.25rem; }
li { margin-bottom: 0.75rem; }
li > p { margin: 0 0 0.25rem; }
.target { font-weight: 700; }
.postal { white-space: pre-line; }
a { color: #1d3f8f; text-decoration: underline; text-decoration-thickness: max(1px, 0.0625rem); text-underline-offset: 0.15em; }
a:visited { color: #4c2c92; }
a:hover { color: #0b0c0c; text-decoration-thickness: 3px; }
a:focus, a:focus-visible { outline: 3px solid transparent; color: #0b0c0c; background: #ffdd00;
  box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; text-decoration: none; }
.skip-link { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }
.skip-link:focus { position: static; display: block; width: auto; height: auto; padding: 0.75rem 1rem; }
footer { border-top: 2px solid #0b0c0c; padding: 1rem 0 2rem; font-size: 1rem; }
@media (max-width: 40rem) { body { font-size: 1.0625rem; } h1 { font-size: 1.75rem; } h2 { font-size: 1.375rem; } }
@media (forced-colors: active) { a:focus, a:focus-visible { outline: 3px solid LinkText; } }
`;
