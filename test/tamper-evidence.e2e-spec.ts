import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AuditIntegrity } from '../src/audit/audit-integrity.js';
import { GENESIS_HASH, hashEvent } from '../src/audit/hash-chain.js';
import { dialects, type Dialect } from './support/databases.js';
import { runCommand } from './support/server-process.js';
import { databaseEnv, startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(120_000);

/** What someone with direct access to the database does to get past the append-only guard, and to put it back. */
async function unguarded(db: DataSource, dialect: Dialect, work: () => Promise<void>): Promise<void> {
  if (dialect === 'postgres') {
    await db.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only');
    await work();
    await db.query('ALTER TABLE case_events ENABLE TRIGGER case_events_append_only');
    return;
  }
  await db.query('DROP TRIGGER case_events_no_update');
  await db.query('DROP TRIGGER case_events_no_delete');
  await work();
  for (const action of ['UPDATE', 'DELETE']) {
    await db.query(`CREATE TRIGGER case_events_no_${action.toLowerCase()} BEFORE ${action} ON case_events BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END`);
  }
}

/** Recomputes every hash of a case with Redress's own function, as a careful forger would. */
async function rechain(db: DataSource, reference: string): Promise<void> {
  const rows: { id: number; seq: number; type: string; actor: string; at: string; reason: string | null; data: string; hash_scheme: 1 | 2; salt: string | null }[] = await db.query(
    `SELECT id, seq, type, actor, at, reason, data, hash_scheme, salt FROM case_events WHERE reference = '${reference}' ORDER BY seq`,
  );
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const hash = hashEvent(prev, { reference, seq: row.seq, type: row.type, actor: row.actor, at: row.at, reason: row.reason, data: JSON.parse(row.data), scheme: row.hash_scheme, salt: row.salt });
    await db.query(`UPDATE case_events SET prev_hash = '${prev}', hash = '${hash}' WHERE id = ${row.id}`);
    prev = hash;
  }
}

describe.each(dialects())('a case history tampered with behind Redress’s back, on %s', (dialect) => {
  let server: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    server = await startApp(dialect);
    db = server.app.get(DataSource);
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function fileWithNote(note: string): Promise<string> {
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'webchat', value: `conversation-${note}` }, category: 'billing', description: 'Overcharged.' },
    });
    await server.request('POST', `/api/complaints/${filed.body.reference}/notes`, { body: { text: note } });
    return filed.body.reference;
  }

  const integrity = async (reference: string) => (await server.request('GET', `/api/complaints/${reference}/history`)).body.integrity;

  /** `npm run audit -- verify` against this server's database and checkpoints. */
  async function auditVerify(): Promise<{ code: number | null; out: string }> {
    const { code, out, err } = await runCommand('dist/src/audit/audit-cli.js', ['verify'], databaseEnv(server));
    return { code, out: out + err };
  }

  it('vouches for an untouched history, and so does the audit command', async () => {
    const reference = await fileWithNote('Refund of 10 GBP agreed');
    expect(await integrity(reference)).toMatchObject({ intact: true, events: 2 });
    await server.app.get(AuditIntegrity).checkpoint();
    const audit = await auditVerify();
    expect(audit.out).toContain('Everything holds.');
    expect(audit.code).toBe(0);
  });

  it('detects a note rewritten with every hash recomputed and the guard put back', async () => {
    const reference = await fileWithNote('Refund of 40 GBP agreed');
    await unguarded(db, dialect, async () => {
      await db.query(`UPDATE case_events SET data = '{"text":"Refund of 4000 GBP agreed"}' WHERE reference = '${reference}' AND seq = 2`);
      await rechain(db, reference);
    });
    expect(await integrity(reference)).toEqual({ intact: false, events: 2, problem: 'seal_mismatch' });
  });

  it('detects the last event deleted', async () => {
    const reference = await fileWithNote('Promised a call back');
    await unguarded(db, dialect, () => db.query(`DELETE FROM case_events WHERE reference = '${reference}' AND seq = 2`));
    expect(await integrity(reference)).toEqual({ intact: false, events: 1, problem: 'seal_mismatch' });
  });

  it('detects, from the signed checkpoints, a history cut short whose old seal was put back', async () => {
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'webchat', value: 'conversation-replay' }, category: 'billing', description: 'Overcharged.' },
    });
    const reference = filed.body.reference;
    const [oldSeal] = await db.query(`SELECT events, head_hash, seal, sealed_at FROM case_seals WHERE reference = '${reference}'`);
    await server.request('POST', `/api/complaints/${reference}/notes`, { body: { text: 'Admitted the overcharge' } });
    await server.app.get(AuditIntegrity).checkpoint();

    await unguarded(db, dialect, () => db.query(`DELETE FROM case_events WHERE reference = '${reference}' AND seq = 2`));
    await db.query(
      `UPDATE case_seals SET events = ${oldSeal.events}, head_hash = '${oldSeal.head_hash}', seal = '${oldSeal.seal}' WHERE reference = '${reference}'`,
    );
    // the seal alone cannot tell: it is a genuine one, from before the note
    expect(await integrity(reference)).toMatchObject({ intact: true, events: 1 });

    const audit = await auditVerify();
    expect(audit.code).toBe(1);
    expect(audit.out).toContain(`PROBLEM ${reference}: the history has 1 events, but a signed checkpoint saw 2`);
  });

  it('reports a case whose status no longer agrees with its history', async () => {
    const reference = await fileWithNote('Nothing to add');
    await db.query(`UPDATE complaints SET status = 'closed' WHERE reference = '${reference}'`);
    const audit = await auditVerify();
    expect(audit.code).toBe(1);
    expect(audit.out).toContain(`PROBLEM ${reference}: the complaint says closed, its history says received`);
  });

  it('will not start again while the append-only guard is missing', async () => {
    const dropped = dialect === 'postgres' ? 'case_events_append_only' : 'case_events_no_delete';
    const restarting = server.restart(async () => {
      const down = new DataSource({ ...db.options, migrationsRun: false } as never);
      await down.initialize();
      await down.query(dialect === 'postgres' ? 'ALTER TABLE case_events DISABLE TRIGGER case_events_append_only' : 'DROP TRIGGER case_events_no_delete');
      await down.destroy();
    });
    await expect(restarting).rejects.toThrow(`the database trigger ${dropped} is missing or disabled`);
  });
});
