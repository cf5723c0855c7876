import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface StaticAsset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

/** The directory of the installed botframework-webchat package (its exports hide package.json, so walk up to it). */
function webChatPackageDir(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('botframework-webchat'));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('botframework-webchat is not installed');
    dir = parent;
  }
  return dir;
}

/** The installed Web Chat version; it versions the bundle's address. Fails at start if the bundle is missing. */
export function webChatVersion(): { version: string } {
  const dir = webChatPackageDir();
  if (!existsSync(join(dir, 'dist', 'webchat.js'))) throw new Error('botframework-webchat has no dist/webchat.js');
  return { version: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version };
}

/** The official prebuilt Web Chat bundle (it defines window.WebChat), served from our own server. */
export function loadWebChatBundle(): StaticAsset {
  return staticAsset(readFileSync(join(webChatPackageDir(), 'dist', 'webchat.js')));
}

/** Compressed once at start: the bundle is 4 MB as is and about a quarter of that gzipped. */
export function staticAsset(body: Buffer | string): StaticAsset {
  const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return { body: buffer, gzipped: gzipSync(buffer), etag: `"${createHash('sha256').update(buffer).digest('base64url').slice(0, 27)}"` };
}
