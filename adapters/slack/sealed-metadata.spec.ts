import { describe, expect, it } from '@jest/globals';
import { metadataHash, sealMetadata, unsealMetadata } from './sealed-metadata.js';

const KEY = 'a-key-of-at-least-thirty-two-characters!';
const metadata = JSON.stringify({ reference: '7K4M-9P2Q' });

describe(unsealMetadata.name, () => {
  it('gives back what was sealed', () => {
    expect(unsealMetadata(KEY, 'case:close', sealMetadata(KEY, 'case:close', metadata))).toBe(metadata);
  });

  it.each([
    ['altered to name another complaint', (s: string) => s.replace('7K4M-9P2Q', '3H8R-2WXC')],
    ['not sealed at all', () => metadata],
    ['with its mac cut short', (s: string) => s.slice(5)],
    ['empty', () => ''],
  ])('refuses metadata %s', (_name, change) => {
    expect(unsealMetadata(KEY, 'case:close', change(sealMetadata(KEY, 'case:close', metadata)))).toBeNull();
  });

  it('refuses metadata sealed for another kind of form, or with another key', () => {
    expect(unsealMetadata(KEY, 'case:reply', sealMetadata(KEY, 'case:close', metadata))).toBeNull();
    expect(unsealMetadata(KEY, 'case:close', sealMetadata(`${KEY}x`, 'case:close', metadata))).toBeNull();
  });
});

describe(metadataHash.name, () => {
  it('differs as soon as the metadata does', () => {
    expect(metadataHash('a')).not.toBe(metadataHash('b'));
  });
});
