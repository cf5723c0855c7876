import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CommitGroups } from './commit-groups.js';
import { CommittedReads } from './committed-reads.js';
import type { Sql, SqlResult } from './sql.js';

/**
 * The work a caller is part of: a transaction, or on SQLite its turn on the one connection outside any. Work started
 * inside it joins it, so that a repository called within needs no manager handed down, and on SQLite does not queue
 * behind the very turn it is part of.
 */
interface Turn {
  manager: EntityManager;
  transaction: boolean;
  /** False once the work is over: a promise it left running then takes a turn of its own. */
  open: boolean;
  /** A transaction's: what to call once it has committed (see `DatabaseAccess.afterCommit`). */
  committed?: (() => void)[];
}

/**
 * What every user of one data source shares: the turn the caller is in, and on SQLite the queue of turns on its one
 * writing connection and the read-only connection beside it.
 */
interface SourceState {
  turn: AsyncLocalStorage<Turn>;
  queue: CommitGroups;
  reads: CommittedReads;
}

const states = new WeakMap<DataSource, SourceState>();

function stateOf(dataSource: DataSource): SourceState {
  let state = states.get(dataSource);
  if (!state) {
    state = { turn: new AsyncLocalStorage<Turn>(), queue: new CommitGroups(dataSource), reads: new CommittedReads(dataSource) };
    states.set(dataSource, state);
  }
  return state;
}

/**
 * How a repository reaches the database. Everything runs on the transaction the caller is in, when there is one
 * (`UnitOfWork.transaction` opened it further up the call, so nobody passes an EntityManager around); outside one, on
 * the default manager, where on SQLite each piece of work waits its turn on the one connection and never sees another's
 * uncommitted rows. Only repositories (`*.repository.ts`) use it: services, dialogs and adapters call repositories and
 * open transactions with `UnitOfWork`, and never see TypeORM or SQL.
 *
 * A repository holds its aggregate's queries, keeping the hand-written prepared statements of `sql.ts` for the work
 * every customer turn does:
 *
 * ```ts
 * @Injectable()
 * export class HandOffRepository {
 *   private static readonly openOf = new Sql('SELECT id, complaint_id AS "complaintId" FROM hand_offs WHERE complaint_id = ? AND closed_at IS NULL');
 *
 *   constructor(private readonly db: DatabaseAccess) {}
 *
 *   async openOf(complaintId: string): Promise<{ id: string; complaintId: string } | undefined> {
 *     const { rows } = await this.db.sql<{ id: string; complaintId: string }>(HandOffRepository.openOf, [complaintId]);
 *     return rows[0];
 *   }
 *
 *   save(handOff: HandOffRecord): Promise<HandOffRecord> {
 *     return this.db.run((manager) => manager.save(HandOffRecord, handOff));
 *   }
 * }
 *
 * // a service: both writes land together or not at all
 * await this.unitOfWork.transaction(async () => {
 *   await this.handOffs.save(handOff);
 *   await this.caseEvents.append(event);
 * });
 * ```
 */
@Injectable()
export class DatabaseAccess implements BeforeApplicationShutdown {
  private readonly state: SourceState;

  constructor(private readonly dataSource: DataSource) {
    this.state = stateOf(dataSource);
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /** True while the caller runs inside a transaction, whose effects are not yet visible to anyone else. */
  get inTransaction(): boolean {
    return this.current()?.transaction === true;
  }

  /** Reads, and writes that stand alone: in the caller's turn, or on the default manager taking a turn of its own on SQLite. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const joined = this.current();
    if (joined) return work(joined.manager);
    if (this.dialect === 'postgres') return work(this.dataSource.manager);
    return this.state.queue.enqueue(false, (manager) => this.within(manager, false, work));
  }

  /**
   * One prepared statement, run as `run` runs its work; except that on SQLite, outside any transaction, a statement
   * that only reads runs at once on the read-only connection (see `CommittedReads`), which sees every transaction
   * whose caller has heard of it, as a queued read would; once the last group's COMMIT is on disk, if it is not yet.
   */
  sql<T = Record<string, unknown>>(statement: Sql, params: readonly unknown[] = []): Promise<SqlResult<T>> {
    const joined = this.current();
    if (joined) return statement.run<T>(joined.manager, params);
    if (this.dialect === 'postgres') return statement.run<T>(this.dataSource.manager, params);
    // a group committed and on its way to the disk: what it wrote is visible, and nobody may act on it until it is there
    const durable = this.state.queue.durable;
    if (durable) return durable.then(() => this.sql<T>(statement, params));
    let read: SqlResult<T> | undefined;
    try {
      read = this.state.reads.read<T>(statement, params);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return read ? Promise.resolve(read) : this.state.queue.enqueue(false, (manager) => statement.run<T>(manager, params));
  }

  /**
   * Writes that must land together: in the caller's transaction, or in a new one that work started inside it joins.
   * SQLite through TypeORM has a single connection shared by every caller, so there transactions are queued one after
   * another (a caller already holding its turn opens one at once), and those waiting together share one COMMIT, each
   * in a savepoint of its own (see `CommitGroups`): the promise resolves once that COMMIT has returned. PostgreSQL
   * runs them side by side.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const joined = this.current();
    if (joined?.transaction) return work(joined.manager);
    const committed: (() => void)[] = [];
    const done =
      joined || this.dialect === 'postgres'
        ? this.dataSource.transaction((manager) => this.within(manager, true, work, committed))
        : this.state.queue.enqueue(true, (manager) => this.within(manager, true, work, committed));
    return done.then((value) => {
      for (const callback of committed) callback();
      return value;
    });
  }

  /**
   * Calls back once the caller's writes are committed: at once outside a transaction (each statement commits on its
   * own), or when the outermost transaction the caller is in has committed (on SQLite, its group's COMMIT). Never, if
   * that transaction is undone.
   */
  afterCommit(callback: () => void): void {
    const turn = this.current();
    if (!turn?.transaction) callback();
    else turn.committed?.push(callback);
  }

  /**
   * Reads that must agree with one another, as of one moment: on PostgreSQL in one REPEATABLE READ transaction (each
   * statement of a plain read sees whatever committed just before it); on SQLite reads already wait their turn. A tool
   * that reads beside another process writing the same database (a server) asks for `besideOtherProcesses`: on
   * SQLite too its reads then run in one transaction, which sees the file as it was when it began.
   */
  snapshot<T>(work: (manager: EntityManager) => Promise<T>, options: { besideOtherProcesses?: boolean } = {}): Promise<T> {
    if (this.current()) return this.run(work);
    if (this.dialect === 'sqlite') {
      if (!options.besideOtherProcesses) return this.run(work);
      return this.state.queue.enqueue(false, () => this.dataSource.transaction('SERIALIZABLE', (manager) => this.within(manager, true, work)));
    }
    return this.dataSource.transaction('REPEATABLE READ', (manager) => this.within(manager, true, work));
  }

  /** Runs work detached from the caller's transaction, for background work that must outlive it. */
  detached<T>(work: () => T): T {
    return this.state.turn.exit(work);
  }

  /** The read-only connection closes before TypeORM's, so that TypeORM's closes last and cleans SQLite's WAL up. */
  beforeApplicationShutdown(): void {
    this.state.reads.close();
  }

  private current(): Turn | undefined {
    const turn = this.state.turn.getStore();
    return turn?.open ? turn : undefined;
  }

  private async within<T>(
    manager: EntityManager,
    transaction: boolean,
    work: (manager: EntityManager) => Promise<T>,
    committed?: (() => void)[],
  ): Promise<T> {
    const turn: Turn = { manager, transaction, open: true, committed };
    try {
      return await this.state.turn.run(turn, () => work(manager));
    } finally {
      turn.open = false;
    }
  }
}
