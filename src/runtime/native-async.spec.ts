import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { DialogContext } from 'botbuilder-dialogs';
import ts from 'typescript';
import { BOT_FRAMEWORK_FILES, nativeAsync } from './native-async.js';

/** What TypeScript makes of `code` for ES2015, as Bot Framework's packages are compiled. */
const es2015 = (code: string) => ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2015, module: ts.ModuleKind.CommonJS } }).outputText;

/** Runs a CommonJS module's text and returns its exports. */
function load(code: string): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const module = { exports: {} as Record<string, (...args: unknown[]) => Promise<unknown>> };
  new Script(`(function (exports, module) {\n${code}\n})`).runInThisContext()(module.exports, module);
  return module.exports;
}

const SAMPLE = `
export class Counter {
  count = 1;
  async add(by: number, times = 2): Promise<number> {
    for (let i = 0; i < times; i++) this.count += await Promise.resolve(by);
    return this.count;
  }
  async all(...values: number[]): Promise<number> {
    return values.reduce((a, b) => a + b, 0) + (await Promise.resolve(0));
  }
  async viaArguments(a: number): Promise<number> {
    return arguments.length + a + (await Promise.resolve(0));
  }
}
export async function precedence(flag: boolean): Promise<string> {
  const either = (await Promise.resolve(flag)) || 'no';
  const joined = (await Promise.resolve('a')) + (await Promise.resolve('b'));
  return \`\${either}-\${joined}-\${await (flag ? Promise.resolve('t') : Promise.resolve('f'))}\`;
}
export async function nested(): Promise<number[]> {
  const inner = async (x: number) => (await Promise.resolve(x)) * 2;
  function* plain() { yield 1; yield 2; }
  return [...plain(), await inner(3), ...(await Promise.all([inner(4), inner(5)]))];
}
export async function fails(): Promise<never> {
  await Promise.resolve();
  throw new Error('as before');
}
export async function* stream(): AsyncGenerator<number> {
  yield await Promise.resolve(1);
  yield 2;
}
export async function drain(): Promise<number[]> {
  const seen: number[] = [];
  for await (const value of stream()) seen.push(value);
  return seen;
}
`;

describe('nativeAsync', () => {
  const compiled = es2015(SAMPLE);
  const rewritten = nativeAsync(compiled);

  it('turns every __awaiter call TypeScript made into a native async function, and leaves generators alone', () => {
    expect(compiled).toContain('__awaiter(this, void 0, void 0, function* ()');
    expect(rewritten).not.toMatch(/__awaiter\((this|void 0),/);
    expect(rewritten).toContain('(async (');
    // a real generator and the async generator keep their yields
    expect(rewritten).toContain('function* plain() { yield 1; yield 2; }');
    expect(rewritten).toContain('__asyncGenerator(this, arguments, function* stream_1()');
  });

  it('computes what the original computes: receivers, default and rest parameters, arguments, precedence, nesting, errors', async () => {
    for (const code of [compiled, rewritten]) {
      const { Counter, precedence, nested, fails, drain } = load(code) as unknown as {
        Counter: new () => { add(by: number, times?: number): Promise<number>; all(...values: number[]): Promise<number>; viaArguments(a: number, b?: number): Promise<number> };
        precedence(flag: boolean): Promise<string>;
        nested(): Promise<number[]>;
        fails(): Promise<never>;
        drain(): Promise<number[]>;
      };
      const counter = new Counter();
      await expect(counter.add(3)).resolves.toBe(7);
      await expect(counter.add(1, 1)).resolves.toBe(8);
      await expect(counter.all(1, 2, 3)).resolves.toBe(6);
      await expect(counter.viaArguments(5, 9)).resolves.toBe(7);
      await expect(precedence(true)).resolves.toBe('true-ab-t');
      await expect(precedence(false)).resolves.toBe('no-ab-f');
      await expect(nested()).resolves.toEqual([1, 2, 6, 8, 10]);
      await expect(fails()).rejects.toThrow('as before');
      await expect(drain()).resolves.toEqual([1, 2]);
    }
  });

  it('keeps what yield took whole as one operand of await', () => {
    const bare = 'function f() { return __awaiter(this, void 0, void 0, function* () { return yield a || b; }); }';
    expect(nativeAsync(bare)).toBe('function f() { return (async () => { return await (a || b); })(); }');
  });

  it('leaves a call alone when its body would read `this` or `arguments` differently as an arrow function', () => {
    const unusual = 'function f() { return __awaiter(void 0, void 0, void 0, function* () { return this.x + (yield g()); }); }';
    expect(nativeAsync(unusual)).toBe(unusual);
    const unpassed = 'function f() { return __awaiter(this, void 0, void 0, function* () { return arguments.length + (yield g()); }); }';
    expect(nativeAsync(unpassed)).toBe(unpassed);
    expect(nativeAsync('this is not JavaScript (')).toBe('this is not JavaScript (');
  });

  it("rewrites Bot Framework's own packages into valid JavaScript with no __awaiter call left", () => {
    const require = createRequire(import.meta.url);
    let files = 0;
    for (const name of ['botbuilder', 'botbuilder-core', 'botbuilder-dialogs']) {
      const lib = join(dirname(require.resolve(`${name}/package.json`)), 'lib');
      for (const entry of readdirSync(lib, { recursive: true, encoding: 'utf8' })) {
        const path = join(lib, entry);
        if (!BOT_FRAMEWORK_FILES.test(path)) continue;
        const code = nativeAsync(readFileSync(path, 'utf8'));
        expect(() => new Script(code, { filename: path })).not.toThrow();
        expect(code).not.toMatch(/__awaiter\((this|void 0),/);
        files++;
      }
    }
    expect(files).toBeGreaterThan(100);
  });

  it('is what the tests load of botbuilder, as main.ts has Node load it', () => {
    expect(DialogContext.prototype.beginDialog.toString()).toContain('return (async () => {');
  });
});
