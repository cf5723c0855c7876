import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningApp } from './test-app.js';

const ASSESSMENT = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };
const SUPERVISOR = { 'x-staff-id': 'U-SAM', 'x-staff-role': 'supervisor' };

/** A code of conduct that surveys two days after closure, with no quiet hours in the way of the times the tests pick. */
export function surveyConduct(name: string): string {
  const file = join(tmpdir(), `redress-${name}-${process.pid}.yaml`);
  writeFileSync(file, ['profile: default', 'satisfactionSurvey:', '  delay: P2D', '  reminderAfter: P1D', '  expiresAfter: P5D', ''].join('\n'));
  return file;
}

/** Staff take the complaint from wherever it stands to closed, closing it at `closedAt`. */
export async function closeByStaff(server: RunningApp, reference: string, closedAt: string): Promise<void> {
  const act = async (body: Record<string, unknown>) => {
    const done = await server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: SUPERVISOR });
    if (done.status !== 200) throw new Error(`${String(body.action)} answered ${done.status}: ${done.text}`);
  };
  const status = (await server.request('GET', `/api/complaints/${reference}`)).body.status as string;
  if (status === 'received') await act({ action: 'acknowledge' });
  await act({ action: 'assess', assessment: ASSESSMENT });
  await act({ action: 'start_investigation' });
  await act({ action: 'propose_response', outcome: 'Refunded', explanation: 'We refunded the second charge.' });
  await act({ action: 'accept_response' });
  server.clock.set(closedAt);
  await act({ action: 'close', outcome: 'Refunded' });
}
