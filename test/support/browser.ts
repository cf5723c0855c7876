import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); the browser tests never download a browser. */
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && (process.env.CI === 'true' || process.env.REQUIRE_BROWSER === '1')) {
  throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
}
export const describeInBrowser = haveChromium ? describe : describe.skip;

// Without the background-networking flags Chromium keeps trying to reach Google's hosts, which this machine refuses.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The serious and critical WCAG 2.1 AA problems axe-core finds on the page, in words ('' when none). */
export async function axeProblems(page: Page): Promise<string> {
  await page.evaluate(AXE_SOURCE);
  // a string, as the tests are compiled without the DOM's types
  const options = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };
  const results = (await page.evaluate(`axe.run(document, ${JSON.stringify(options)})`)) as { violations: AxeViolation[] };
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
}
