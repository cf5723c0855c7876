import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { parseConfig } from '../config/config.schema.js';
import { dataSourceOptions } from './data-source.options.js';
import { CORE_SCHEMA } from './schema.js';

describe(dataSourceOptions.name, () => {
  it.each([
    [{}, 2],
    [{ SQLITE_SYNCHRONOUS: 'normal' }, 1],
  ])('with %p, SQLite waits for the disk at commits as asked (synchronous %i)', async (env, level) => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-options-'));
    const dataSource = await new DataSource(dataSourceOptions(parseConfig({ ...env, DATA_DIR: dir }), CORE_SCHEMA)).initialize();
    try {
      const [row] = (await dataSource.query('PRAGMA synchronous')) as { synchronous: number }[];
      expect(row.synchronous).toBe(level);
    } finally {
      await dataSource.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
