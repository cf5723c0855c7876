// Copies the data files the server reads at run time (profiles, message catalogues) next to the compiled code.
import { cpSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';

const ASSET = new Set(['.json', '.yaml', '.yml']);

function copyAssets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(path);
    else if (ASSET.has(extname(entry.name))) cpSync(path, join('dist', path));
  }
}

for (const root of ['src', 'dialogs', 'adapters']) copyAssets(root);
