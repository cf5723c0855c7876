import { describe, expect, it } from '@jest/globals';
import { loadProfile } from './code-of-conduct.loader.js';
import type { CodeOfConduct } from './code-of-conduct.schema.js';
import { renderCodeOfConductHtml } from './render-code-of-conduct.js';

const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe(renderCodeOfConductHtml.name, () => {
  const fca = loadProfile('uk-fca');

  it('escapes a malicious organisation name wherever it appears', () => {
    const hostile: CodeOfConduct = {
      ...fca,
      organisation: { ...fca.organisation, name: '<script>alert("x")</script> & "Sons"', website: undefined },
    };
    const html = renderCodeOfConductHtml(hostile);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Sons&quot;');
  });

  it('escapes values inside attributes too', () => {
    const hostile: CodeOfConduct = {
      ...fca,
      organisation: {
        ...fca.organisation,
        contactRoutes: [{ kind: 'email', label: 'Email', value: 'a"onmouseover="alert(1)@x.test' }],
      },
    };
    const html = renderCodeOfConductHtml(hostile);
    expect(html).not.toContain('"onmouseover="');
    expect(html).toContain('href="mailto:a&quot;onmouseover=&quot;alert(1)@x.test"');
  });

  it('is a complete page with a language, a title, landmarks, a skip link and exactly one h1', () => {
    const html = renderCodeOfConductHtml(fca);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<title>Complaints code of conduct – Your Firm Ltd<\/title>/);
    expect(html).toContain('<a class="skip-link" href="#main">');
    expect(html).toContain('<main id="main"');
    for (const landmark of ['header', 'main', 'footer']) expect(count(html, new RegExp(`<${landmark}[ >]`, 'g'))).toBe(1);
    expect(count(html, /<h1[ >]/g)).toBe(1);
    expect(html).toContain(':focus');
    expect(html).not.toMatch(/<script|<link |src=/);
  });

  it('keeps headings in order without skipping a level', () => {
    const levels = [...renderCodeOfConductHtml(fca).matchAll(/<h([1-6])[ >]/g)].map((match) => Number(match[1]));
    expect(levels[0]).toBe(1);
    levels.slice(1).forEach((level, index) => expect(level - levels[index]).toBeLessThanOrEqual(1));
  });

  it('states each target in words', () => {
    const html = renderCodeOfConductHtml(fca);
    expect(html).toContain('Our target: within 1 business day of receiving your complaint.');
    expect(html).toContain('Our target: within 3 business days of receiving your complaint.');
    expect(html).toContain('Our target: within 8 weeks of receiving your complaint.');
    expect(html).toContain('Our target: at least every 10 business days.');
    expect(html).toContain('Time limit: within 6 months of our final response.');
    expect(html).toContain('Our target: within 1 working hour of your asking to talk to a person.');
    expect(renderCodeOfConductHtml(loadProfile('us-cfpb'))).toContain('within 15 calendar days of receiving your complaint');
  });

  it('links contact routes and the ombudsman with tel:, mailto: and https: links', () => {
    const html = renderCodeOfConductHtml({
      ...fca,
      organisation: {
        ...fca.organisation,
        contactRoutes: [
          { kind: 'phone', label: 'Phone', value: '+44 (0)20 7946 0000' },
          { kind: 'email', label: 'Email', value: 'complaints@example.co.uk' },
          { kind: 'web', label: 'Online form', value: 'www.example.co.uk/complaints' },
        ],
      },
    });
    expect(html).toContain('<a href="tel:+4402079460000">+44 (0)20 7946 0000</a>');
    expect(html).toContain('<a href="mailto:complaints@example.co.uk">');
    expect(html).toContain('<a href="https://www.example.co.uk/complaints">');
    expect(html).toContain('<h3>Financial Ombudsman Service</h3>');
    expect(html).toContain('<a href="https://www.financial-ombudsman.org.uk/">');
    expect(html).toContain('<a href="tel:08000234567">0800 023 4567</a>');
  });

  it('lists the categories and explains how business days are counted', () => {
    const html = renderCodeOfConductHtml(fca);
    expect(html).toContain('<strong>Staff conduct</strong>');
    expect(html).toContain('Business days are Monday to Friday, except public and bank holidays in England (United Kingdom).');
  });

  it('says how long chats and texts outside complaints are kept, by the policy the sweep deletes by', () => {
    const html = renderCodeOfConductHtml({ ...fca, retention: { abandonedConversationsDays: 1, inboundMessagesDays: 45, dialogStateDays: 30 } });
    expect(html).toContain('<h2 id="keeping">How long we keep what you tell us</h2>');
    expect(html).toContain('we delete it after 1 day with no new message in it.');
    expect(html).toContain('We delete the text messages you send us 45 days after we have dealt with them, unless you have a complaint with us that is still open.');
    expect(html).not.toContain('after your complaint is closed');
  });

  it('says when a closed complaint is anonymised, only when the policy does it', () => {
    const retention = { abandonedConversationsDays: 30, inboundMessagesDays: 90, dialogStateDays: 30 };
    expect(renderCodeOfConductHtml({ ...fca, retention: { ...retention, closedCasesAnonymisedMonths: 1 } })).toContain(
      '1 month after your complaint is closed or withdrawn, we erase your name, your contact details and everything you and we wrote about it, and keep only what we need to count it.',
    );
    expect(renderCodeOfConductHtml({ ...fca, retention: { ...retention, closedCasesAnonymisedMonths: 72 } })).toContain('72 months after your complaint is closed');
  });
});

describe('the "How we are doing" section', () => {
  const fca = loadProfile('uk-fca');
  const enough = (successes: number, count: number) => ({ enoughData: true as const, successes, count, value: successes / count, interval: { low: 0, high: 1 } });
  const tooFew = (count: number) => ({ enoughData: false as const, successes: 0, count, minimum: 30 });
  const performance = {
    from: '2025-10-01T00:00:00.000Z',
    to: '2026-10-01T00:00:00.000Z',
    quarters: ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'],
    minimum: 30,
    promises: [
      { promiseId: 'a', text: 'We <acknowledge> quickly.', overall: enough(119, 130), byQuarter: [enough(27, 30), enough(30, 40), tooFew(29), enough(31, 31)].map((met, i) => ({ quarter: ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'][i], met })) },
      { promiseId: 'b', text: 'We answer.', overall: tooFew(3), byQuarter: ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'].map((quarter) => ({ quarter, met: tooFew(0) })) },
    ],
  };

  it('shows each promise kept over the four quarters and by quarter as a table, and "not enough data yet" below the minimum', () => {
    const html = renderCodeOfConductHtml(fca, performance);
    expect(html).toContain('<h2 id="how-we-are-doing">How we are doing</h2>');
    expect(html).toContain('from 1 October 2025 to 30 September 2026, the last four complete quarters');
    expect(html).toContain('<thead><tr><th scope="col">Promise</th><th scope="col">All four quarters</th><th scope="col">Oct to Dec 2025</th><th scope="col">Jan to Mar 2026</th><th scope="col">Apr to Jun 2026</th><th scope="col">Jul to Sep 2026</th></tr></thead>');
    expect(html).toContain('<tr><th scope="row">We &lt;acknowledge&gt; quickly.</th><td>92% of 130</td><td>90% of 30</td><td>75% of 40</td><td>Not enough data yet</td><td>100% of 31</td></tr>');
    expect(html).toContain('<tr><th scope="row">We answer.</th>' + '<td>Not enough data yet</td>'.repeat(5) + '</tr>');
    expect(html).toContain('Where fewer than 30 deadlines came, we say “not enough data yet”');
    expect(html).toContain('what we promise you, how often we keep those promises, how to complain');
  });

  it('promises no figures in the introduction when it has none to show', () => {
    const html = renderCodeOfConductHtml(fca);
    expect(html).not.toContain('how-we-are-doing');
    expect(html).not.toContain('how often we keep');
  });
});

describe('the chart of how we are doing', () => {
  const fca = loadProfile('uk-fca');
  const quarters = ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'];
  const tooFew = { enoughData: false as const, successes: 0, count: 3, minimum: 30 };
  const base = { from: '2025-10-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z', quarters, minimum: 30 };

  it('is server-drawn SVG with a text alternative saying every figure, when some quarter has enough data', () => {
    const met = { enoughData: true as const, successes: 36, count: 40, value: 0.9, interval: { low: 0.77, high: 0.96 } };
    const html = renderCodeOfConductHtml(fca, {
      ...base,
      promises: [{ promiseId: 'a', text: 'We acknowledge quickly.', overall: met, byQuarter: quarters.map((quarter, i) => ({ quarter, met: i === 1 ? met : tooFew })) }],
    });
    const figure = html.slice(html.indexOf('<figure class="chart">'), html.indexOf('</figure>'));
    expect(figure).toContain(
      '<div role="img" aria-label="Line chart of the share of deadlines met on time, by the quarter we received the complaint. We acknowledge quickly. Oct to Dec 2025: not enough data yet; Jan to Mar 2026: 90% of 40; Apr to Jun 2026: not enough data yet; Jul to Sep 2026: not enough data yet.">',
    );
    expect(figure).toMatch(/<svg [^>]*viewBox="0 0 640 302"/u);
    expect(figure).toContain('Jan to Mar 2026');
    expect(figure).not.toMatch(/<script|<image|href="http/u);
  });

  it('is left out while every quarter lacks data', () => {
    const html = renderCodeOfConductHtml(fca, {
      ...base,
      promises: [{ promiseId: 'a', text: 'We acknowledge quickly.', overall: tooFew, byQuarter: quarters.map((quarter) => ({ quarter, met: tooFew })) }],
    });
    expect(html).toContain('How we are doing');
    expect(html).not.toContain('<svg');
  });
});
