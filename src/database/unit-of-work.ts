import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs work in one database transaction. SQLite through TypeORM has a single connection shared by every caller,
 * so there transactions are queued one after another; PostgreSQL runs them side by side.
 *
 * Work started inside a transaction joins it: a channel can handle a whole customer turn (dialog state, the case,
 * the replies it owes, the mark that the message was handled) as one unit that a crash rolls back entirely.
 */
@Injectable()
export class UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly ambient = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {}

  get dialect(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const joined = this.ambient.getStore();
    if (joined) return work(joined);
    const run = () => this.dataSource.transaction((manager) => this.ambient.run(manager, () => work(manager)));
    return this.dialect === 'postgres' ? run() : this.serialise(run);
  }

  /** Reads outside a transaction (or inside the current one); on SQLite they wait their turn, never seeing another's uncommitted rows. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const joined = this.ambient.getStore();
    if (joined) return work(joined);
    if (this.dialect === 'postgres') return work(this.dataSource.manager);
    return this.serialise(() => work(this.dataSource.manager));
  }

  /**
   * Reads that must agree with one another, as of one moment: on PostgreSQL in one REPEATABLE READ transaction (each
   * statement of a plain read sees whatever committed just before it); on SQLite reads already wait their turn.
   */
  snapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.ambient.getStore() || this.dialect === 'sqlite') return this.read(work);
    return this.dataSource.transaction('REPEATABLE READ', (manager) => this.ambient.run(manager, () => work(manager)));
  }

  /** True while the caller runs inside a transaction, whose effects are not yet visible to anyone else. */
  get inTransaction(): boolean {
    return this.ambient.getStore() !== undefined;
  }

  /** Runs work detached from the caller's transaction, for background work that must outlive it. */
  detached<T>(work: () => T): T {
    return this.ambient.exit(work);
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** True when the database refused a row because it would break a unique constraint. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
