import escapeHtml from 'escape-html';
import Holidays from 'date-holidays';
import type { ClockSpec, CodeOfConduct, ContactRoute, DisputeProvider } from './code-of-conduct.schema.js';
import { telHref, webHref } from './contact-links.js';
import { promiseTargetInWords } from './target-words.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const PROVIDER_KINDS: Record<DisputeProvider['kind'], string> = {
  ombudsman: 'Ombudsman',
  mediation: 'Mediation service',
  arbitration: 'Arbitration service',
  regulator: 'Regulator',
};

// GOV.UK-style palette: text and links above 7:1 contrast, yellow focus that no page colour can hide
const STYLES = `
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

function escape(value: string): string {
  return escapeHtml(value);
}

function link(href: string, text: string): string {
  return `<a href="${escape(href)}">${escape(text)}</a>`;
}

function contactRouteHtml(route: ContactRoute): string {
  const label = `<strong>${escape(route.label)}</strong>: `;
  switch (route.kind) {
    case 'phone':
      return label + link(telHref(route.value), route.value);
    case 'sms':
      return label + link(telHref(route.value, 'sms'), route.value);
    case 'email':
      return label + link(`mailto:${route.value}`, route.value);
    case 'web':
      return label + link(webHref(route.value) ?? route.value, route.value);
    case 'chat': {
      const href = /^https?:\/\//i.test(route.value) ? webHref(route.value) : undefined;
      return label + (href ? link(href, route.value) : escape(route.value));
    }
    case 'post':
      return `${label}<span class="postal">${escape(route.value)}</span>`;
  }
}

function weekdaysInWords(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const contiguous = sorted.every((day, index) => index === 0 || day === sorted[index - 1] + 1);
  if (sorted.length > 2 && contiguous) return `${WEEKDAYS[sorted[0] - 1]} to ${WEEKDAYS[sorted[sorted.length - 1] - 1]}`;
  const names = sorted.map((day) => WEEKDAYS[day - 1]);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

let holidayCatalogue: Holidays | undefined;
function holidayPlace(country: string, region: string | undefined): string {
  holidayCatalogue ??= new Holidays();
  const countryName = holidayCatalogue.getCountries()[country] ?? country;
  const regionName = region ? holidayCatalogue.getStates(country)?.[region] : undefined;
  return regionName ? `${regionName} (${countryName})` : countryName;
}

function clockInWords(clock: ClockSpec): string {
  const zone = `Times are in the ${clock.timeZone} time zone.`;
  if (clock.kind === 'calendar') {
    return `Calendar days and weeks count every day, including weekends and public holidays. ${zone}`;
  }
  const holidays = clock.holidays
    ? `, except ${clock.holidays.types.join(' and ')} holidays in ${holidayPlace(clock.holidays.country, clock.holidays.region)}`
    : '';
  const hours = clock.workingHours
    ? ` Our working hours are ${clock.workingHours.start} to ${clock.workingHours.end}; a business day ends when they do.`
    : '';
  return `Business days are ${weekdaysInWords(clock.workingDays)}${holidays}. The day we receive your complaint is not counted.${hours} ${zone}`;
}

function providerHtml(provider: DisputeProvider): string {
  const contacts = [
    provider.website ? `<li><strong>Website</strong>: ${link(webHref(provider.website) ?? provider.website, provider.website)}</li>` : '',
    provider.phone ? `<li><strong>Phone</strong>: ${link(telHref(provider.phone), provider.phone)}</li>` : '',
  ].join('');
  return [
    `<h3>${escape(provider.name)}</h3>`,
    `<p>${escape(PROVIDER_KINDS[provider.kind])}.${provider.description ? ` ${escape(provider.description)}` : ''}</p>`,
    contacts ? `<ul>${contacts}</ul>` : '',
  ].join('\n');
}

/** The public code of conduct page: self-contained HTML with no script and no external assets. */
export function renderCodeOfConductHtml(code: CodeOfConduct): string {
  const organisation = escape(code.organisation.name);
  const website = code.organisation.website ? webHref(code.organisation.website) : undefined;

  const promises = code.promises
    .map((promise) => {
      const target = promiseTargetInWords(promise, code.clocks[promise.clock]);
      // a referral window is the customer's time limit, not something the organisation aims for
      const lead = promise.indicator === 'referral_window' ? 'Time limit' : 'Our target';
      return `<li><p>${escape(promise.text)}</p><p class="target">${lead}: ${escape(target)}.</p></li>`;
    })
    .join('\n');

  const clocksUsed = [...new Set(code.promises.map((promise) => promise.clock))];
  const timeRules = [...new Set(clocksUsed.map((name) => clockInWords(code.clocks[name])))]
    .map((sentence) => `<li>${escape(sentence)}</li>`)
    .join('\n');

  const routes = code.organisation.contactRoutes.map((route) => `<li>${contactRouteHtml(route)}</li>`).join('\n');

  const categories = code.categories
    .map((category) =>
      `<li><strong>${escape(category.label)}</strong>${category.description ? `: ${escape(category.description)}` : ''}</li>`,
    )
    .join('\n');

  const dispute = code.externalDisputeResolution;
  const disputeSection = dispute
    ? [
        '<section aria-labelledby="not-satisfied">',
        '<h2 id="not-satisfied">If you are not satisfied</h2>',
        dispute.referralNote ? `<p>${escape(dispute.referralNote)}</p>` : '',
        ...dispute.providers.map(providerHtml),
        '</section>',
      ].join('\n')
    : '';

  const reopenSection =
    code.reopenWindowDays !== undefined && code.reopenWindowDays > 0
      ? [
          '<section aria-labelledby="reopening">',
          '<h2 id="reopening">Reopening your complaint</h2>',
          `<p>If you are unhappy after we close your complaint, you can ask us to reopen it within ${code.reopenWindowDays} day${code.reopenWindowDays === 1 ? '' : 's'}.</p>`,
          '</section>',
        ].join('\n')
      : '';

  return `<!DOCTYPE html>
<html lang="${escape(code.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Complaints code of conduct – ${organisation}</title>
<style>${STYLES}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header>
<div class="wrap">
<p class="organisation">${website ? link(website, code.organisation.name) : organisation}</p>
</div>
</header>
<main id="main" tabindex="-1">
<div class="wrap">
<h1>Complaints code of conduct</h1>
<p>This is how ${organisation} handles complaints: what we promise you, how to complain, and where to go if you are not satisfied with our answer.</p>
<section aria-labelledby="promises">
<h2 id="promises">Our promises to you</h2>
<ul>
${promises}
</ul>
</section>
<section aria-labelledby="how-to-complain">
<h2 id="how-to-complain">How to complain</h2>
<p>You can complain in any of these ways:</p>
<ul>
${routes}
</ul>
</section>
<section aria-labelledby="categories">
<h2 id="categories">What you can complain about</h2>
<ul>
${categories}
</ul>
</section>
<section aria-labelledby="counting-time">
<h2 id="counting-time">How we count time</h2>
<ul>
${timeRules}
</ul>
</section>
${disputeSection}
${reopenSection}
</div>
</main>
<footer>
<div class="wrap">
<p>This code of conduct follows ISO 10001 (codes of conduct for customer satisfaction) and ISO 10002 (complaints handling).</p>
<p><a href="code-of-conduct.json">This code of conduct as data (JSON)</a></p>
</div>
</footer>
</body>
</html>
`;
}
