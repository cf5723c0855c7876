// Copies the non-TypeScript files the server reads at run time next to the compiled code.
import { cpSync } from 'node:fs';

cpSync('src/conduct/profiles', 'dist/src/conduct/profiles', { recursive: true });
