import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { APP_SCHEMA } from '../app.module.js';
import { ComplaintRepository } from '../complaints/complaint.repository.js';
import { ConfigError, configFromEnvironment } from '../config/config.schema.js';
import { withToolDatabase } from '../database/tool-database.js';
import { checkpointFile } from './audit-integrity.js';
import { resolveAuditKey } from './audit-key.js';
import { CaseHistory } from './case-history.js';
import { CaseHistoryRepository } from './case-history.repository.js';
import { verifyAudit } from './audit-verifier.js';

const USAGE = `npm run audit -- verify
  checks every case history against its seal, the signed checkpoints and the case's status, and that the database
  still refuses changes to the history. Run it with the server's environment (DATA_DIR or DATABASE_URL, AUDIT_KEY,
  AUDIT_CHECKPOINT_FILE). Exits 0 when everything holds, 1 with one line a problem otherwise.`;

async function main(): Promise<number> {
  if (process.argv[2] !== 'verify' || process.argv.length > 3) {
    process.stderr.write(`${USAGE}\n`);
    return 64; // EX_USAGE
  }
  const config = configFromEnvironment();
  const file = checkpointFile(config);
  return withToolDatabase(config, APP_SCHEMA, async ({ db, unitOfWork }) => {
    const { key } = resolveAuditKey(config);
    const checkpoints = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const records = new CaseHistoryRepository(db);
    const sources = { history: new CaseHistory(records, key), records, complaints: new ComplaintRepository(db) };
    // one snapshot, so that what a running server writes meanwhile cannot look like tampering
    const report = await unitOfWork.snapshot(() => verifyAudit(sources, key, checkpoints), { besideOtherProcesses: true });
    process.stdout.write(`${report.cases} cases, ${report.events} events, ${report.checkpoints} checkpoints checked.\n`);
    for (const problem of report.problems) process.stdout.write(`PROBLEM ${problem}\n`);
    if (report.problems.length === 0) process.stdout.write('Everything holds.\n');
    return report.problems.length === 0 ? 0 : 1;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  },
);
