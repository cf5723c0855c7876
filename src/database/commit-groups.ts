import { AsyncResource } from 'node:async_hooks';
import { closeSync, fsync, openSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Most transactions committed together: a bound on how long the first of a group waits for its COMMIT. */
export const MAX_GROUP_SIZE = 64;
/** Once a group has run this long, it takes no more members and commits. */
export const MAX_GROUP_MS = 25;

interface Waiting {
  /** True for a transaction, which may share a COMMIT; false for work that must run alone, outside any transaction. */
  transaction: boolean;
  /** The work, run at its turn in the caller's context: a transaction's inside a SAVEPOINT of the group's, given its manager. */
  start: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** TypeORM's query runner state that its own transactions keep, which a member's savepoint keeps the same way. */
type Runner = QueryRunner & { transactionDepth: number };

/**
 * A group's way to the disk when SQLite is asked to sync every commit (`synchronous` FULL or EXTRA, in WAL mode): the
 * group's COMMIT runs at NORMAL, which writes the WAL without waiting for the disk, and the group syncs the WAL itself
 * off the event loop's thread before any member hears of it.
 */
interface OwnSync {
  /** `PRAGMA synchronous = NORMAL`, before BEGIN (SQLite refuses to change it inside a transaction). */
  relax: BetterSqlite3.Statement;
  /** Back to the level configured, after the group: everything outside a group syncs inside SQLite as before. */
  restore: BetterSqlite3.Statement;
  /** Rows changed on the connection so far: a group that changed none has nothing to sync. */
  changes: BetterSqlite3.Statement;
  wal: string;
  /** The WAL, kept open for as long as the connection: a sync is then one call on libuv's threads, not three. */
  fd?: number;
}

/** Statements prepared once on the connection: a group's and its members' transaction control. */
interface Control {
  connection: BetterSqlite3.Database;
  sync?: OwnSync;
  begin: BetterSqlite3.Statement;
  commit: BetterSqlite3.Statement;
  savepoint: BetterSqlite3.Statement;
  release: BetterSqlite3.Statement;
  rollbackTo: BetterSqlite3.Statement;
}

/**
 * The one SQLite connection's queue, with group commit. SQLite has one writer, and in WAL mode with `synchronous` FULL
 * every COMMIT waits for the disk (a few milliseconds), so transactions waiting their turn one commit apiece could
 * never commit faster than the disk syncs. Instead, when a transaction's turn comes, the transactions waiting behind
 * it run inside the same BEGIN … COMMIT, each in a SAVEPOINT of its own (named as TypeORM names one it opens inside
 * another, so that a TypeORM transaction inside nests below it), and one COMMIT, one disk sync, makes all of them durable:
 *
 * - a transaction that fails is rolled back to its savepoint alone: its neighbours' work stands;
 * - no caller hears of its transaction, success or failure, before the COMMIT holding the group has returned, so
 *   nothing is reported done, and nothing read inside a transaction is acted upon, before it is on disk; a crash
 *   before that COMMIT loses only work nobody was told of. Where SQLite is to sync every commit (the default), the
 *   group's COMMIT only writes the WAL, and the group then syncs it off the event loop's thread (see `sync`): the
 *   thread goes on with requests and replies meanwhile rather than waiting for the disk, and nobody hears of the
 *   group, nor reads what it wrote, before the sync has returned;
 * - if the group's transaction is lost as a whole (its COMMIT fails, or SQLite rolls everything back after an I/O
 *   error or a full disk), every member's caller gets the error, as each would have alone;
 * - work outside any transaction (reads, writes standing alone, VACUUM) still runs alone, outside any group; a group
 *   takes the transactions waiting at its start and those arriving while it runs, ahead of such work, up to
 *   `MAX_GROUP_SIZE` members or `MAX_GROUP_MS`, so that work waits at most one group.
 *
 * Transactions in one group see the work of those before them, as they would after a COMMIT: they ran one after the
 * other, and all of it commits or none. So a transaction must never wait, inside its work, for something another
 * caller lets go of only once that caller's own transaction has resolved (an in-process lock held around a
 * transaction, say): in one group, that caller hears nothing until the group commits, and the group waits for good.
 */
export class CommitGroups {
  private readonly waiting: Waiting[] = [];
  private pumping = false;
  /** The manager every member works through: TypeORM's one query runner's, made once rather than for each transaction. */
  private manager?: EntityManager;
  private control?: Control;
  private syncing?: Promise<void>;

  /** `syncFile` stands in for the fsync of the WAL at that path: a test may hold it to look at what waits for it. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly syncFile?: (path: string) => Promise<void>,
  ) {}

  /**
   * While a group's COMMIT has returned but its WAL is not yet on disk, a promise that settles once it is: until then
   * what the group wrote is visible to a reader, and nobody may act on it (see `DatabaseAccess.sql`).
   */
  get durable(): Promise<void> | undefined {
    return this.syncing;
  }

  /**
   * Runs the work at its turn on the connection; a transaction may share its COMMIT with others (see the class). Work
   * outside a transaction gets the data source's default manager; a transaction, the manager of the group's.
   */
  enqueue<T>(transaction: boolean, start: (manager: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // run in the caller's async context, as a promise callback would be: not in that of whoever started the pump
      // the caller's context, kept in a resource run in rather than AsyncResource.bind, whose wrapper costs more a call
      const caller = new AsyncResource('redress.commit-group');
      this.waiting.push({
        transaction,
        start: (manager) => caller.runInAsyncScope(start, undefined, manager),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.pumping) {
        this.pumping = true;
        setImmediate(() => void this.pump());
      }
    });
  }

  /**
   * Runs what waits, from the event loop's check phase: the requests and answers that arrived together (and, after a
   * group, those that arrived during its COMMIT, which holds the thread) have each queued their work by then, so it
   * can share one COMMIT. Started at once, the first one's work and COMMIT would run before the others are read.
   */
  private async pump(): Promise<void> {
    try {
      for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
        if (!next.transaction) {
          await next.start(this.dataSource.manager).then(next.resolve, next.reject);
          continue;
        }
        await this.runGroup(next);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.pumping = false;
    }
  }

  private async runGroup(first: Waiting): Promise<void> {
    const runner = this.dataSource.createQueryRunner() as Runner;
    const control = this.prepared();
    if (this.manager?.queryRunner !== runner) this.manager = this.dataSource.createEntityManager(runner);
    const { manager } = this;
    const members: { waiting: Waiting; settled: Settled }[] = [];
    const changesBefore = control.sync?.changes.get();
    try {
      if (runner.isTransactionActive) throw new Error('A transaction is already open on the connection');
      control.sync?.relax.run();
      control.begin.run();
      // as TypeORM's own BEGIN leaves its query runner, so that its work inside (a save) joins the group's transaction
      Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
    } catch (error) {
      this.restore(control);
      first.reject(error);
      return;
    }
    const startedAt = performance.now();
    let lost: unknown;
    for (let member: Waiting | undefined = first; member; member = this.nextMember(members.length, startedAt)) {
      const settled = await this.runMember(member, runner, manager, control).then(
        (value): Settled => ({ ok: true, value }),
        (error: unknown): Settled => ({ ok: false, error }),
      );
      members.push({ waiting: member, settled });
      if (!this.stillOpen(runner)) {
        lost = settled.ok ? new Error('The transaction was rolled back by the database') : settled.error;
        break;
      }
    }
    if (lost === undefined) {
      try {
        control.commit.run();
        Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
      } catch (error) {
        lost = error;
      }
    }
    if (lost !== undefined) this.abandon(runner);
    lost ??= this.restore(control);
    if (lost === undefined && control.sync && control.sync.changes.get() !== changesBefore) lost = await this.sync(control.sync);
    if (lost !== undefined) {
      for (const { waiting, settled } of members) waiting.reject(settled.ok ? lost : settled.error);
      return;
    }
    for (const { waiting, settled } of members) {
      if (settled.ok) waiting.resolve(settled.value);
      else waiting.reject(settled.error);
    }
  }

  /**
   * One member in a savepoint of the group's transaction, as TypeORM opens a transaction inside another (the same
   * savepoint name, the query runner one level deeper while it runs, so a TypeORM transaction inside nests below it),
   * through statements prepared once rather than TypeORM's query pipeline and transaction events for each. A member
   * whose savepoint cannot be released or rolled back leaves the query runner deeper than the group: the group is
   * then lost (see `stillOpen`), as it was through TypeORM.
   */
  private async runMember(member: Waiting, runner: Runner, manager: EntityManager, control: Control): Promise<unknown> {
    control.savepoint.run();
    runner.transactionDepth = 2;
    let value: unknown;
    try {
      value = await member.start(manager);
      if (runner.transactionDepth !== 2) throw new Error('A transaction opened inside this one was still open when it ended');
      control.release.run();
    } catch (error) {
      if (runner.transactionDepth === 2) {
        try {
          control.rollbackTo.run();
          control.release.run();
        } catch {
          // the savepoint is gone with the whole transaction (SQLite rolls it back on some errors): the group is lost
          throw error;
        }
      }
      runner.transactionDepth -= 1;
      throw error;
    }
    runner.transactionDepth = 1;
    return value;
  }

  /** The next transaction waiting, ahead of any work that must run alone, while the group has room. */
  private nextMember(size: number, startedAt: number): Waiting | undefined {
    if (size >= MAX_GROUP_SIZE || performance.now() - startedAt >= MAX_GROUP_MS) return undefined;
    const index = this.waiting.findIndex((waiting) => waiting.transaction);
    return index < 0 ? undefined : this.waiting.splice(index, 1)[0];
  }

  /**
   * True while the group's transaction is intact: SQLite rolls a whole transaction back on some errors (a full disk,
   * an I/O error), and a savepoint a member left open or could not roll back leaves the group unsure.
   */
  private stillOpen(runner: QueryRunner): boolean {
    return this.connection().inTransaction && (runner as unknown as { transactionDepth: number }).transactionDepth === 1;
  }

  /**
   * Syncs the WAL the group's COMMIT wrote, on libuv's threads: the event loop goes on meanwhile (requests parsed,
   * replies sent), but no member hears of the group, no other work takes the connection, and reads wait (see
   * `durable`) until the group is on disk, as when SQLite synced inside the COMMIT. If the sync fails, every member
   * is told of the error, though its rows may be visible: the disk did not take them.
   */
  private async sync(own: OwnSync): Promise<unknown> {
    let failed: unknown;
    const syncing = (this.syncFile ? this.syncFile(own.wal) : syncWal(own)).catch((error: unknown) => {
      failed = error;
    });
    this.syncing = syncing;
    try {
      await syncing;
    } finally {
      this.syncing = undefined;
    }
    return failed;
  }

  /** Puts `synchronous` back after a group, outside any transaction; an error is the group's (it never happens there). */
  private restore(control: Control): unknown {
    try {
      control.sync?.restore.run();
      return undefined;
    } catch (error) {
      return error;
    }
  }

  /** Rolls back whatever is left of the group, and puts TypeORM's one query runner back outside any transaction. */
  private abandon(runner: QueryRunner): void {
    const connection = this.connection();
    if (connection.inTransaction) connection.exec('ROLLBACK');
    Object.assign(runner, { transactionDepth: 0, isTransactionActive: false });
  }

  private prepared(): Control {
    const connection = this.connection();
    if (this.control?.connection !== connection) {
      // the WAL of a connection since closed (SQLite deletes it with the last connection): a new one is opened when needed
      if (this.control?.sync?.fd !== undefined) closeSync(this.control.sync.fd);
      this.control = {
        connection,
        begin: connection.prepare('BEGIN'),
        commit: connection.prepare('COMMIT'),
        savepoint: connection.prepare('SAVEPOINT typeorm_1'),
        release: connection.prepare('RELEASE SAVEPOINT typeorm_1'),
        rollbackTo: connection.prepare('ROLLBACK TO SAVEPOINT typeorm_1'),
        sync: ownSync(connection),
      };
    }
    return this.control;
  }

  private connection(): BetterSqlite3.Database {
    return (this.dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
  }
}

/** Groups sync the WAL themselves where SQLite would sync every commit in WAL mode; elsewhere SQLite does as configured. */
function ownSync(connection: BetterSqlite3.Database): OwnSync | undefined {
  const level = Number(connection.pragma('synchronous', { simple: true }));
  const mode = String(connection.pragma('journal_mode', { simple: true })).toLowerCase();
  // 2 is FULL, 3 EXTRA; NORMAL (1) was chosen to give up durability on a power cut, and gets no sync either
  if (level < 2 || mode !== 'wal' || connection.memory) return undefined;
  return {
    relax: connection.prepare('PRAGMA synchronous = NORMAL'),
    restore: connection.prepare(`PRAGMA synchronous = ${level}`),
    changes: connection.prepare('SELECT total_changes()').pluck(),
    wal: `${connection.name}-wal`,
  };
}

/** Makes what was written to the WAL durable: as SQLite's own sync of a commit, an fsync of the file. */
function syncWal(own: OwnSync): Promise<void> {
  return new Promise((resolve, reject) => {
    // opened on the first group that wrote, by when the COMMIT has made the file if it was not there
    own.fd ??= openSync(own.wal, 'r');
    fsync(own.fd, (error) => (error ? reject(error) : resolve()));
  });
}
