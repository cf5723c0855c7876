import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseReference } from './reference.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SHAPE = /\b[0-9A-Z]{4}-[0-9A-Z]{4}\b/g;

/** What people read: the README, the customers' and staff's texts, the API's descriptions; not the tests' own data. */
function readSources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|json|ya?ml)$/.test(entry.name) && !entry.name.endsWith('.spec.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const files = [join(ROOT, 'README.md'), ...['src', 'dialogs', 'adapters'].flatMap(readSources)];
const examples = files.flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(SHAPE)]
    .map(([found]) => found)
    // "ABCD-EFGH" or "2026-0326" are not shown as references: one has letters and digits
    .filter((found) => /\d/.test(found) && /[A-Z]/.test(found))
    .map((found) => ({ file: file.slice(ROOT.length), example: found })),
);

describe('reference examples', () => {
  it('are found where customers and staff read them', () => {
    expect(examples.map((e) => e.file)).toEqual(expect.arrayContaining(['README.md', 'dialogs/messages/en.json', 'dialogs/messages/es.json', 'src/complaints/complaints.controller.ts']));
  });

  it.each(examples)('$example in $file passes its own check character', ({ example }) => {
    expect(parseReference(example)).toEqual({ ok: true, reference: example });
  });
});
