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

  /** TypeORM and hand-written SQL (src/database/sql.ts) only in repositories, entities, migrations and src/database/. */
  async function dataAccessRefusals(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${code}\nexport const probe = imported;\n`, { filePath });
    expect(result.messages.filter((message) => message.fatal)).toEqual([]);
    return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
  }

  it.each([
    ['a service imports TypeORM', 'src/complaints/probe.ts', 'typeorm'],
    ['a service runs hand-written SQL', 'src/deadlines/probe.ts', '../database/sql.js'],
    ['a dialog imports TypeORM', 'dialogs/probe.ts', 'typeorm'],
    ['an adapter runs hand-written SQL', 'adapters/sms/probe.ts', '../../src/database/sql.js'],
    ['an adapter imports part of TypeORM', 'adapters/webchat/direct-line/probe.ts', 'typeorm/driver/sqlite/SqliteDriver.js'],
    ['a service reaches for the repositories\' database access', 'src/complaints/probe.service.ts', '../database/database-access.js'],
  ])('refuses data access outside repositories: %s', async (_case, file, target) => {
    expect(await dataAccessRefusals(file, importOf(target))).toHaveLength(1);
  });

  it.each([
    ['a repository in the core', 'src/complaints/probe.repository.ts', 'typeorm'],
    ['a repository, through the database access', 'src/complaints/probe.repository.ts', '../database/database-access.js'],
    ['a repository in an adapter, with prepared statements', 'adapters/sms/probe.repository.ts', '../../src/database/sql.js'],
    ['an entity', 'src/complaints/probe.entity.ts', 'typeorm'],
    ['an adapter\'s entities', 'adapters/email/probe.entities.ts', 'typeorm'],
    ['an adapter\'s migration', 'adapters/sms/migrations/probe.ts', 'typeorm'],
    ['the database layer', 'src/database/probe.ts', './sql.js'],
    ['the composition root', 'src/app.module.ts', 'typeorm'],
    ['a unit spec', 'src/complaints/probe.spec.ts', 'typeorm'],
  ])('allows data access in %s', async (_case, file, target) => {
    expect(await dataAccessRefusals(file, importOf(target))).toEqual([]);
  });
});
