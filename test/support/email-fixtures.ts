import { readFileSync } from 'node:fs';

/**
 * A raw MIME message from test/fixtures/email, with its `{{NAME}}` placeholders filled in: the parts only known
 * when the test runs (a reference, the Message-ID Redress gave the email being answered).
 */
export function emailFixture(name: string, vars: Record<string, string> = {}): string {
  const raw = readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url), 'utf8');
  return raw.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    if (!(key in vars)) throw new Error(`${name} needs ${key}`);
    return vars[key];
  });
}
