import sharp from 'sharp';
import type { DetectedType } from './evidence-type.js';
import { gpsFieldCount, withoutGps } from './exif-gps.js';

/**
 * A customer's photo without where it was taken. JPEG and PNG are decoded and encoded again by sharp (libvips)
 * without any metadata, turned first as their Exif orientation says (that tag goes with the rest) and keeping their
 * colour profile: Exif (GPS included), XMP, IPTC and PNG text chunks are all gone. HEIC cannot be decoded here (the
 * prebuilt libvips reads AVIF, not HEVC), so it is kept as sent with the GPS fields of its Exif blanked in place;
 * a position written in an XMP packet of a HEIC file is not found. Undefined when the image cannot be read.
 */
export async function withoutLocation(bytes: Buffer, type: DetectedType): Promise<Buffer | undefined> {
  if (type.kind !== 'image') return bytes;
  if (type.extension === 'heic') {
    const cleaned = withoutGps(bytes);
    return gpsFieldCount(cleaned) === 0 ? cleaned : undefined;
  }
  try {
    const image = sharp(bytes, { failOn: 'error' }).rotate().keepIccProfile();
    return type.extension === 'png' ? await image.png().toBuffer() : await image.jpeg({ quality: 90 }).toBuffer();
  } catch {
    // A file with an image's signature that the decoder cannot read is not a photo staff could open either.
    return undefined;
  }
}
