import { parseArgs } from 'node:util';
import { STAFF_ID, STAFF_ROLE } from './staff-caller.js';
import type { StaffApiKeys, StaffKeySummary } from './staff-api-keys.js';

const USAGE = `Personal staff API keys (npm run staff -- <command>):
  create <staff-id> --role handler|supervisor   a new key for a member of staff; it is shown once
  list                                          every key, with its owner, role, last use and whether it is revoked
  rotate <key-id>                               revoke a key and give its owner a new one with the same role
  revoke <key-id>                               stop a key working at once
Run it with the same environment (DATA_DIR or DATABASE_URL) as the server.`;

/** A command line that cannot be run; its message says what to type instead. */
export class UsageError extends Error {}

function table(keys: StaffKeySummary[]): string {
  if (keys.length === 0) return 'No personal staff API keys.';
  const rows = [['key id', 'staff id', 'role', 'created', 'last used', 'revoked'], ...keys.map((k) => [k.id, k.staffId, k.role, k.createdAt, k.lastUsedAt ?? 'never', k.revokedAt ?? 'no'])];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

/** Runs one command and returns what to print; a bad command line is a UsageError. */
export async function runStaffCommand(keys: StaffApiKeys, args: string[], now: Date): Promise<string> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { role: { type: 'string' } } });
  const [command, subject, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`Unexpected ${extra.join(' ')}`);
  switch (command) {
    case 'create': {
      const staffId = STAFF_ID.safeParse(subject);
      if (!staffId.success) throw new UsageError('Name the member of staff: create <staff-id> --role handler|supervisor');
      const role = STAFF_ROLE.safeParse(values.role);
      if (!role.success) throw new UsageError('Give the role: --role handler or --role supervisor');
      const key = await keys.create(staffId.data, role.data, now);
      return `Key ${key.id} for ${staffId.data} (${role.data}). Give them this key; it is not shown again:\n${key.token}`;
    }
    case 'list':
      return table(await keys.list());
    case 'rotate': {
      if (!subject) throw new UsageError('Name the key: rotate <key-id>');
      const key = await keys.rotate(subject, now);
      if (!key) throw new UsageError(`No valid key ${subject}: see npm run staff -- list`);
      return `Key ${subject} is revoked. Its replacement is ${key.id}; it is not shown again:\n${key.token}`;
    }
    case 'revoke': {
      if (!subject) throw new UsageError('Name the key: revoke <key-id>');
      if (!(await keys.revoke(subject, now))) throw new UsageError(`No valid key ${subject}: see npm run staff -- list`);
      return `Key ${subject} is revoked.`;
    }
    default:
      throw new UsageError(USAGE);
  }
}
