/**
 * Jest's transform for Bot Framework's packages: the rewrite that main.ts has Node's loader make
 * (src/runtime/native-async.ts), so that the tests run the code Redress runs. It is taken from the build, which
 * `npm test` makes before Jest starts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';
import { nativeAsync } from '../../dist/src/runtime/native-async.js';

const built = createHash('sha256')
  .update(readFileSync(new URL('../../dist/src/runtime/native-async.js', import.meta.url)))
  .digest('hex');

export default {
  process: (source) => ({ code: nativeAsync(source) }),
  getCacheKey: (source, path) => createHash('sha256').update(built).update(path).update(source).digest('hex'),
};
