import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driveCreation } from './creation.js';
import { withStaffServer } from './redress-server.js';
import { TwilioSink } from './servers/twilio-sink.js';

/**
 * Where a complaint's creation spends the server's CPU: the built server runs under --cpu-prof while 16 staff
 * clients create complaints, and the functions and packages with the most self time are printed.
 * `node dist/bench/creation-profile.js [seconds]`
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const SECONDS = Number(process.argv[2] ?? 15);
const dir = mkdtempSync(join(tmpdir(), 'redress-creation-profile-'));
const sink = await new TwilioSink().start();
try {
  await withStaffServer(sink, async (server) => {
    await driveCreation(server, SECONDS);
  }, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  // the profile is written as the server exits
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('the server wrote no CPU profile');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const id of profile.samples) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '');
    const fn = `${functionName || '(anonymous)'} ${where.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + 1);
    const pkg = url === '' ? functionName : url.includes('/node_modules/') ? where.split('/').slice(0, where.startsWith('@') ? 2 : 1).join('/') : url.startsWith('node:') ? 'node internals' : 'redress';
    packages.set(pkg, (packages.get(pkg) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const top = (counts: Map<string, number>, n: number) =>
    [...counts].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, count]) => `  ${((100 * count) / total).toFixed(1).padStart(5)}%  ${name}`);
  console.log(`self time by package (${total} samples):`);
  console.log(top(packages, 20).join('\n'));
  console.log('self time by function:');
  console.log(top(functions, 40).join('\n'));
} finally {
  await sink.stop();
  rmSync(dir, { recursive: true, force: true });
}
