import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { heicWithLocation, phonePhotoJpeg, pngWithLocation, PDF_BYTES } from './evidence.fixtures.js';
import { gpsFieldCount } from './exif-gps.js';
import { detectEvidenceType, type DetectedType } from './evidence-type.js';
import { withoutLocation } from './image-privacy.js';

async function cleaned(bytes: Buffer): Promise<Buffer> {
  const result = await withoutLocation(bytes, (await detectEvidenceType(bytes)) as DetectedType);
  if (!result) throw new Error('not cleaned');
  return result;
}

function pngChunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) types.push(png.toString('latin1', at + 4, at + 8));
  return types;
}

describe(withoutLocation.name, () => {
  it('takes the location and every other metadata out of a phone’s JPEG, turned the way it was shown', async () => {
    const photo = await phonePhotoJpeg();
    expect((await sharp(photo).metadata()).exif).toBeDefined();

    const stored = await cleaned(photo);
    const meta = await sharp(stored).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 20, height: 40 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(gpsFieldCount(stored)).toBe(0);
    expect(stored.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
  });

  it('drops a PNG’s eXIf and text chunks', async () => {
    const png = await pngWithLocation();
    expect(pngChunkTypes(png)).toEqual(expect.arrayContaining(['eXIf', 'tEXt']));

    const stored = await cleaned(png);
    expect(pngChunkTypes(stored)).not.toContain('eXIf');
    expect(pngChunkTypes(stored)).not.toContain('tEXt');
    expect(stored.includes(Buffer.from('Acacia'))).toBe(false);
    expect(await sharp(stored).metadata()).toMatchObject({ format: 'png', width: 8, height: 8 });
  });

  it('keeps a HEIC photo as it came but for its GPS fields', async () => {
    const heic = await heicWithLocation();
    const stored = await cleaned(heic);
    expect(stored.length).toBe(heic.length);
    expect(gpsFieldCount(stored)).toBe(0);
  });

  it('gives nothing for an image its decoder cannot read', async () => {
    const broken = Buffer.concat([(await phonePhotoJpeg()).subarray(0, 200), Buffer.alloc(50)]);
    expect(await withoutLocation(broken, { kind: 'image', mediaType: 'image/jpeg', extension: 'jpg' })).toBeUndefined();
  });

  it('leaves a PDF alone', async () => {
    expect(await cleaned(PDF_BYTES)).toEqual(PDF_BYTES);
  });
});
