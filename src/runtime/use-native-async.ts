import Module from 'node:module';
import { BOT_FRAMEWORK_FILES, nativeAsync } from './native-async.js';

/**
 * Imported first by main.ts, before anything loads botbuilder: Node's CommonJS loader compiles Bot Framework's modules
 * with native async functions (see `nativeAsync`). Jest loads modules its own way, and rewrites them through the same
 * function (test/support/native-async-transform.mjs).
 */
type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown;
const loader = Module.prototype as unknown as { _compile: Compile };
const compile = loader._compile;
loader._compile = function (content, filename, ...rest) {
  return compile.call(this, BOT_FRAMEWORK_FILES.test(filename) ? nativeAsync(content) : content, filename, ...rest);
};
