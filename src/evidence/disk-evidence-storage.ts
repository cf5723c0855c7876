import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { privateDirectory } from '../common/private-files.js';
import { STORAGE_KEY, type EvidenceStorage, type StoredEvidence } from './evidence-storage.js';

/** A write cut short by a crash before its rename: customer bytes no row will ever name, so the orphan sweep takes them too. */
const PARTIAL = /^[0-9A-Z-]{1,20}\/[0-9a-f-]{36}\.[0-9a-f-]{36}\.partial$/;

/**
 * Evidence under `DATA_DIR/evidence`, a folder only Redress's account may read (0700, files 0600), and outside every
 * static route: files leave it only through the staff API.
 */
export class DiskEvidenceStorage implements EvidenceStorage {
  private readonly root: string;

  constructor(dataDir: string) {
    privateDirectory(resolve(dataDir));
    this.root = resolve(dataDir, 'evidence');
    privateDirectory(this.root);
  }

  describe(): string {
    return `folder ${this.root}`;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // Written aside and renamed, so that a crash never leaves half a file under the key.
    const partial = `${path}.${randomUUID()}.partial`;
    await writeFile(partial, bytes, { mode: 0o600, flag: 'wx' });
    await rename(partial, path);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(PARTIAL.test(key) ? join(this.root, key) : this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<StoredEvidence> {
    for (const folder of await readdir(this.root, { withFileTypes: true })) {
      if (!folder.isDirectory()) continue;
      for (const file of await readdir(join(this.root, folder.name), { withFileTypes: true })) {
        const key = `${folder.name}/${file.name}`;
        // a `.partial` is listed too: young, it is a write under way (left alone); old, a crash left it
        if (!file.isFile() || !(STORAGE_KEY.test(key) || PARTIAL.test(key))) continue;
        const stats = await stat(join(this.root, key)).catch(() => undefined);
        if (stats) yield { key, modifiedAt: stats.mtime };
      }
    }
  }

  private pathOf(key: string): string {
    if (!STORAGE_KEY.test(key)) throw new Error(`Not an evidence storage key: ${JSON.stringify(key)}`);
    return join(this.root, key);
  }
}
