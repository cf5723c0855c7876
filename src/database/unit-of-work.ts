import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DatabaseAccess } from './database-access.js';

/**
 * Runs work in one database transaction: every repository called inside it, however deep, joins it (see
 * `DatabaseAccess`), so a channel can handle a whole customer turn (dialog state, the case, the replies it owes, the
 * mark that the message was handled) as one unit that a crash rolls back entirely.
 */
@Injectable()
export class UnitOfWork {
  private readonly db: DatabaseAccess;

  constructor(dataSource: DataSource) {
    this.db = new DatabaseAccess(dataSource);
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.db.dialect;
  }

  /**
   * Opens a transaction, or joins the one the caller is in. Work should take no argument and reach the database
   * through repositories; the manager it is still handed is for code not yet moved behind one.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Reads outside a transaction (or inside the current one); on SQLite they wait their turn, never seeing another's
   * uncommitted rows.
   * @deprecated a repository's method does this through `DatabaseAccess.run`.
   */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.run(work);
  }

  /**
   * Reads that must agree with one another, as of one moment (see `DatabaseAccess.snapshot`). Work should take no
   * argument and read through repositories.
   */
  snapshot<T>(work: (manager: EntityManager) => Promise<T>, options: { besideOtherProcesses?: boolean } = {}): Promise<T> {
    return this.db.snapshot(work, options);
  }

  /** True while the caller runs inside a transaction, whose effects are not yet visible to anyone else. */
  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /** Runs work detached from the caller's transaction, for background work that must outlive it. */
  detached<T>(work: () => T): T {
    return this.db.detached(work);
  }
}

/** True when the database refused a row because it would break a unique constraint. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
