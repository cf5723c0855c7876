import escapeHtml from 'escape-html';
import Holidays from 'date-holidays';
import { Duration } from 'luxon';
import type { ClockSpec, CodeOfConduct, DisputeProvider } from './code-of-conduct.schema.js';
import { contactRouteHtml, htmlLink, telHref, webHref } from './contact-links.js';
import { renderPage } from './page-shell.js';
import { PAGE_STYLES } from './page-styles.js';
import type { PublishedPerformance } from '../indicators/published-performance.js';
import { performanceChartHtml } from './performance-chart.js';
import { PERFORMANCE_STYLES, renderPerformanceSection } from './render-performance.js';
import { promiseTargetInWords } from './target-words.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const PROVIDER_KINDS: Record<DisputeProvider['kind'], string> = {
  ombudsman: 'Ombudsman',
  mediation: 'Mediation service',
  arbitration: 'Arbitration service',
  regulator: 'Regulator',
};


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

const BINDS: Record<DisputeProvider['outcomeBinds'], string> = {
  organisation: 'Its decision binds us.',
  customer: 'Its decision binds you.',
  both: 'Its decision binds you and us.',
  neither: 'Its answer binds neither you nor us.',
  organisation_if_accepted: 'If you accept its decision, it binds us; if you do not, you keep your right to go to court.',
  both_if_accepted: 'If you accept its decision, it binds you and us.',
};

function providerHtml(provider: DisputeProvider): string {
  const contacts = [
    provider.website ? `<li><strong>Website</strong>: ${htmlLink(webHref(provider.website) ?? provider.website, provider.website)}</li>` : '',
    provider.phone ? `<li><strong>Phone</strong>: ${htmlLink(telHref(provider.phone), provider.phone)}</li>` : '',
    ...provider.contactRoutes.filter((route) => route.value !== provider.website && route.value !== provider.phone).map((route) => `<li>${contactRouteHtml(route)}</li>`),
  ].join('');
  const window = provider.referralWindow ? Duration.fromISO(provider.referralWindow).toHuman() : undefined;
  const facts = [
    provider.independence,
    provider.cost,
    BINDS[provider.outcomeBinds],
    provider.typicalDuration,
    window ? `Time limit: ${window} from our final response.` : 'There is no time limit to go to them.',
    provider.eligibility,
    provider.accessibility,
  ].filter((fact): fact is string => Boolean(fact));
  return [
    `<h3>${escapeHtml(provider.name)}</h3>`,
    `<p>${escapeHtml(PROVIDER_KINDS[provider.kind])}.${provider.description ? ` ${escapeHtml(provider.description)}` : ''}</p>`,
    `<ul>${facts.map((fact) => `<li>${escapeHtml(fact)}</li>`).join('')}</ul>`,
    contacts ? `<ul>${contacts}</ul>` : '',
  ].join('\n');
}

/** The promises whose keeping is published: all but the customer's own time limit to go to a dispute body. */
export function publishedPromises(code: CodeOfConduct): { id: string; text: string }[] {
  return code.promises.filter((promise) => promise.indicator !== 'referral_window').map(({ id, text }) => ({ id, text }));
}

/**
 * The public code of conduct page: self-contained HTML with no script and no external assets; with `performance`, it
 * shows how the promises were kept.
 */
export function renderCodeOfConductHtml(code: CodeOfConduct, performance?: PublishedPerformance): string {
  const organisation = escapeHtml(code.organisation.name);

  const promises = code.promises
    .map((promise) => {
      const target = promiseTargetInWords(promise, code.clocks[promise.clock]);
      // a referral window is the customer's time limit, not something the organisation aims for
      const lead = promise.indicator === 'referral_window' ? 'Time limit' : 'Our target';
      return `<li><p>${escapeHtml(promise.text)}</p><p class="target">${lead}: ${escapeHtml(target)}.</p></li>`;
    })
    .join('\n');

  const clocksUsed = [...new Set(code.promises.map((promise) => promise.clock))];
  const timeRules = [...new Set(clocksUsed.map((name) => clockInWords(code.clocks[name])))]
    .map((sentence) => `<li>${escapeHtml(sentence)}</li>`)
    .join('\n');

  const routes = code.organisation.contactRoutes.map((route) => `<li>${contactRouteHtml(route)}</li>`).join('\n');

  const categories = code.categories
    .map((category) =>
      `<li><strong>${escapeHtml(category.label)}</strong>${category.description ? `: ${escapeHtml(category.description)}` : ''}</li>`,
    )
    .join('\n');

  const dispute = code.externalDisputeResolution;
  const disputeSection = dispute
    ? [
        '<section aria-labelledby="not-satisfied">',
        '<h2 id="not-satisfied">If you are not satisfied</h2>',
        dispute.referralNote ? `<p>${escapeHtml(dispute.referralNote)}</p>` : '',
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

  // Kept true by the daily retention sweep (src/privacy), which deletes by these same numbers.
  const { abandonedConversationsDays, inboundMessagesDays, closedCasesAnonymisedMonths: months } = code.retention;
  const keepingSection = [
    '<section aria-labelledby="keeping">',
    '<h2 id="keeping">How long we keep what you tell us</h2>',
    `<p>If a web chat with us does not become a complaint, we delete it after ${days(abandonedConversationsDays)} with no new message in it.</p>`,
    `<p>We delete the text messages you send us ${days(inboundMessagesDays)} after we have dealt with them, unless you have a complaint with us that is still open.</p>`,
    ...(months === undefined
      ? []
      : [
          `<p>${months} month${months === 1 ? '' : 's'} after your complaint is closed or withdrawn, we erase your name, your contact details and everything you and we wrote about it, and keep only what we need to count it.</p>`,
        ]),
    '</section>',
  ].join('\n');

  return renderPage(code, {
    title: `Complaints code of conduct – ${organisation}`,
    head: `<style>${PAGE_STYLES}${performance ? PERFORMANCE_STYLES : ''}</style>`,
    main: `<h1>Complaints code of conduct</h1>
<p>This is how ${organisation} handles complaints: what we promise you,${performance ? ' how often we keep those promises,' : ''} how to complain, and where to go if you are not satisfied with our answer.</p>
<section aria-labelledby="promises">
<h2 id="promises">Our promises to you</h2>
<ul>
${promises}
</ul>
</section>
${performance ? renderPerformanceSection(performance, hasQuarterFigures(performance) ? performanceChartHtml(performance) : '') : ''}
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
${keepingSection}`,
    footer: `<p>This code of conduct follows ISO 10001 (codes of conduct for customer satisfaction) and ISO 10002 (complaints handling).</p>
<p><a href="code-of-conduct.json">This code of conduct as data (JSON)</a></p>`,
  });
}

/** A chart of nothing but gaps would say no more than the table's "not enough data yet". */
function hasQuarterFigures(performance: PublishedPerformance): boolean {
  return performance.promises.some((promise) => promise.byQuarter.some((q) => q.met.enoughData));
}

function days(count: number): string {
  return `${count} day${count === 1 ? '' : 's'}`;
}
