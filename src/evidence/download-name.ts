import type { DetectedType } from './evidence-type.js';

const MAX_STEM = 60;

/**
 * The name a file is offered for download as: the customer's own name for it, reduced to letters, digits, spaces,
 * dots, dashes and underscores (no path, no control or quoting characters a header or a file system could misread),
 * with the extension of what the file really is. A name with nothing left becomes `evidence-<n>`.
 */
export function downloadName(suggested: string | undefined, type: Pick<DetectedType, 'extension'>, fallback: string): string {
  const base = (suggested ?? '').split(/[\\/]/).pop() ?? '';
  const stem = base
    .normalize('NFKC')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '_')
    .replace(/\s*_+\s*/g, '_')
    .replace(/^[ ._-]+|[ ._-]+$/g, '')
    .slice(0, MAX_STEM)
    .replace(/[ ._-]+$/, '');
  return `${stem || fallback}.${type.extension}`;
}

/**
 * A Content-Disposition header offering the file as an attachment: an ASCII `filename` for old clients and the
 * UTF-8 name as `filename*` (RFC 6266, RFC 8187).
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%]/g, '_') || 'evidence';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
