import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

/**
 * The boundaries in eslint.config.js, checked on made-up files: if a change to the configuration, the plugin or the
 * resolver stopped them from firing, `npx eslint .` would pass while the core grew a dependency on a channel.
 */
describe('import boundaries', () => {
  const eslint = new ESLint({ cwd: process.cwd() });

  async function refusals(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${code}\nexport const probe = imported;\n`, { filePath });
    expect(result.messages.filter((message) => message.fatal)).toEqual([]);
    return result.messages.filter((message) => message.ruleId === 'boundaries/dependencies').map((message) => message.message);
  }

  const importOf = (from: string) => `import { imported } from '${from}';`;

  it.each([
    ['the core imports a dialog', 'src/complaints/probe.ts', '../../dialogs/tokens.js'],
    ['the core imports an adapter', 'src/database/probe.ts', '../../adapters/sms/sms.entities.js'],
    ['a dialog imports an adapter', 'dialogs/probe.ts', '../adapters/webchat/turn-errors.js'],
    ['an adapter imports another adapter', 'adapters/slack/probe.ts', '../sms/sms.entities.js'],
    ['an adapter imports another adapter from deep inside', 'adapters/sms/migrations/probe.ts', '../../webchat/direct-line/chat-limits.js'],
  ])('refuses %s', async (_case, file, target) => {
    expect(await refusals(file, importOf(target))).toHaveLength(1);
  });

  it.each([
    ['a dialog imports the core', 'dialogs/probe.ts', '../src/complaints/domain/complaint.js'],
    ['an adapter imports dialogs and the core', 'adapters/sms/probe.ts', '../../dialogs/tokens.js'],
    ['an adapter imports its own files', 'adapters/webchat/bot-service/probe.ts', '../direct-line/chat-limits.js'],
    ['the composition root imports adapters', 'src/app.module.ts', '../adapters/sms/sms.module.js'],
    ['a test imports anything', 'test/probe.e2e-spec.ts', '../adapters/sms/sms.entities.js'],
    ['a unit spec in the core imports an adapter', 'src/database/probe.spec.ts', '../../adapters/sms/sms.entities.js'],
  ])('allows %s', async (_case, file, target) => {
    expect(await refusals(file, importOf(target))).toEqual([]);
  });
});
