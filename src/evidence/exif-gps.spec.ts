import { describe, expect, it } from '@jest/globals';
import { heicWithLocation, phonePhotoJpeg } from './evidence.fixtures.js';
import { gpsFieldCount, withoutGps } from './exif-gps.js';

describe(withoutGps.name, () => {
  it('blanks the GPS fields of a HEIC file’s Exif and moves no other byte', async () => {
    const heic = await heicWithLocation();
    expect(gpsFieldCount(heic)).toBe(4);

    const cleaned = withoutGps(heic);
    expect(gpsFieldCount(cleaned)).toBe(0);
    expect(cleaned.length).toBe(heic.length);
    // The camera's make, outside the GPS directory, is still there; the latitude's seconds (1234/100) are not.
    expect(cleaned.includes(Buffer.from('Phone'))).toBe(true);
    const seconds = Buffer.alloc(8);
    seconds.writeUInt32LE(1234, 0);
    seconds.writeUInt32LE(100, 4);
    expect(heic.includes(seconds)).toBe(true);
    expect(cleaned.includes(seconds)).toBe(false);
    expect(cleaned.subarray(0, 24)).toEqual(heic.subarray(0, 24));
  });

  it('leaves a file without GPS as it was', async () => {
    const once = withoutGps(await heicWithLocation());
    expect(withoutGps(once)).toEqual(once);
    expect(withoutGps(Buffer.from('Exif\0\0II*\0\xff\xff\xff\xff', 'latin1'))).toEqual(Buffer.from('Exif\0\0II*\0\xff\xff\xff\xff', 'latin1'));
  });

  it('finds the GPS fields of a JPEG', async () => {
    expect(gpsFieldCount(await phonePhotoJpeg())).toBe(4);
  });
});
