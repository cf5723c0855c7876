import type { Storage, StoreItem, StoreItems } from 'botbuilder';

/**
 * Storage that lets a turn read its conversation state and user state in one read: the turn preloads both keys, and
 * the first read of each key is answered from what was preloaded. botbuilder's ConversationState and UserState each
 * read their own key, which on a database is two statements a turn where one will do.
 *
 * A preloaded item goes to one reader only (each gets objects of its own to change), a write or delete of its key
 * drops it (so nothing reads an item older than a write made since), and the turn lets go of whatever it preloaded
 * and did not read when it ends.
 */
export class TurnPreloads implements Storage {
  private readonly preloaded = new Map<string, { item: StoreItem | undefined }>();

  constructor(private readonly storage: Storage) {}

  /** Reads these keys in one read; the returned function lets go of what no one read, at the end of the turn. */
  async preload(keys: string[]): Promise<() => void> {
    const items = await this.storage.read(keys);
    const entries = keys.map((key) => {
      const entry = { item: items[key] };
      this.preloaded.set(key, entry);
      return [key, entry] as const;
    });
    return () => {
      for (const [key, entry] of entries) if (this.preloaded.get(key) === entry) this.preloaded.delete(key);
    };
  }

  read(keys: string[]): Promise<StoreItems> {
    if (keys?.length !== 1 || !this.preloaded.has(keys[0])) return this.storage.read(keys);
    const [key] = keys;
    const { item } = this.preloaded.get(key)!;
    this.preloaded.delete(key);
    return Promise.resolve(item ? { [key]: item } : {});
  }

  write(changes: StoreItems): Promise<void> {
    if (changes) for (const key of Object.keys(changes)) this.preloaded.delete(key);
    return this.storage.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    if (keys) for (const key of keys) this.preloaded.delete(key);
    return this.storage.delete(keys);
  }
}
