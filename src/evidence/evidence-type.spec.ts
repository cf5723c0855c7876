import { describe, expect, it } from '@jest/globals';
import { HEIC_BYTES, JPEG_BYTES, PDF_BYTES, PNG_BYTES, TEXT_BYTES, ZIP_BYTES } from './evidence.fixtures.js';
import { detectEvidenceType, isPlainText } from './evidence-type.js';

describe(detectEvidenceType.name, () => {
  it.each([
    ['JPEG', JPEG_BYTES, 'image', 'image/jpeg'],
    ['PNG', PNG_BYTES, 'image', 'image/png'],
    ['HEIC', HEIC_BYTES, 'image', 'image/heic'],
    ['PDF', PDF_BYTES, 'pdf', 'application/pdf'],
    ['UTF-8 text', TEXT_BYTES, 'text', 'text/plain; charset=utf-8'],
  ])('knows %s by its bytes', async (_name, bytes, kind, mediaType) => {
    expect(await detectEvidenceType(bytes)).toMatchObject({ kind, mediaType });
  });

  it('refuses a type it does not take, however it is named', async () => {
    expect(await detectEvidenceType(ZIP_BYTES)).toBeUndefined();
    expect(await detectEvidenceType(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeUndefined();
  });

  it('refuses an HEIF image sequence, which is a video more than a photo', async () => {
    const sequence = Buffer.concat([Buffer.from('00000018667479706d73663100000000', 'hex'), Buffer.from('msf1hevc'), Buffer.alloc(16)]);
    expect(await detectEvidenceType(sequence)).toBeUndefined();
  });
});

describe(isPlainText.name, () => {
  it('takes UTF-8 with a byte order mark, tabs and Windows line ends', () => {
    expect(isPlainText(Buffer.from('\ufeffDate\tAmount\r\n2026-11-03\t£12.50\r\n', 'utf8'))).toBe(true);
  });

  it('refuses a NUL byte, other control characters and broken UTF-8', () => {
    expect(isPlainText(Buffer.from('abc\u0000def'))).toBe(false);
    expect(isPlainText(Buffer.from('abc\u001bdef'))).toBe(false);
    expect(isPlainText(Buffer.from([0x61, 0xc3, 0x28]))).toBe(false);
    expect(isPlainText(Buffer.from('caf\xe9', 'latin1'))).toBe(false);
  });

  it('refuses nothing at all', () => {
    expect(isPlainText(Buffer.alloc(0))).toBe(false);
  });
});
