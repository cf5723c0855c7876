import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const root = fileURLToPath(new URL('..', import.meta.url));

describe("the built server's loader", () => {
  it('gives botbuilder native async functions once src/runtime/use-native-async is imported, as main.ts does first', async () => {
    // a Node process of its own: Jest loads modules its own way, and this is about Node's loader, on this Node version
    const script = [
      "import './dist/src/runtime/use-native-async.js';",
      "const { DialogContext } = await import('botbuilder-dialogs');",
      "const { ActivityHandler } = await import('botbuilder');",
      'console.log(JSON.stringify([DialogContext.prototype.beginDialog.toString(), ActivityHandler.prototype.run.toString()]));',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    const [beginDialog, run] = JSON.parse(stdout) as string[];
    expect(beginDialog).toContain('return (async () => {');
    expect(beginDialog).not.toContain('__awaiter');
    expect(run).not.toContain('__awaiter');
  });
});
