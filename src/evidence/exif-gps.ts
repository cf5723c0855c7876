/**
 * Finds the GPS part of Exif metadata inside a file and blanks it in place, without moving any other byte: for images
 * Redress keeps as they came (HEIC, which the image library here cannot decode). Exif is a TIFF structure; its first
 * directory (IFD0) may point with tag 0x8825 to a GPS directory, whose entries hold the position and time.
 */

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');
const GPS_POINTER = 0x8825;
/** Bytes of one value of each TIFF field type (1 BYTE … 12 DOUBLE). */
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

interface Tiff {
  start: number;
  little: boolean;
}

/** Every Exif block (`Exif\0\0` then a TIFF header) in the file, by where its TIFF header starts. */
function exifBlocks(bytes: Buffer): Tiff[] {
  const found: Tiff[] = [];
  for (let at = bytes.indexOf(EXIF_HEADER); at !== -1; at = bytes.indexOf(EXIF_HEADER, at + 1)) {
    const start = at + EXIF_HEADER.length;
    if (start + 8 > bytes.length) break;
    const order = bytes.toString('latin1', start, start + 2);
    const little = order === 'II';
    if (!little && order !== 'MM') continue;
    if ((little ? bytes.readUInt16LE(start + 2) : bytes.readUInt16BE(start + 2)) !== 42) continue;
    found.push({ start, little });
  }
  return found;
}

function reader(bytes: Buffer, tiff: Tiff) {
  const u16 = (offset: number) => {
    const at = tiff.start + offset;
    if (at < 0 || at + 2 > bytes.length) return undefined;
    return tiff.little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at);
  };
  const u32 = (offset: number) => {
    const at = tiff.start + offset;
    if (at < 0 || at + 4 > bytes.length) return undefined;
    return tiff.little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
  };
  return { u16, u32 };
}

/** Where the GPS directory of this Exif block is, relative to its TIFF header, if it has one. */
function gpsDirectory(bytes: Buffer, tiff: Tiff): number | undefined {
  const { u16, u32 } = reader(bytes, tiff);
  const ifd0 = u32(4);
  if (ifd0 === undefined) return undefined;
  const count = u16(ifd0);
  if (count === undefined) return undefined;
  for (let i = 0; i < count; i++) {
    const entry = ifd0 + 2 + i * 12;
    if (u16(entry) === GPS_POINTER) {
      const offset = u32(entry + 8);
      return offset && u16(offset) !== undefined ? offset : undefined;
    }
  }
  return undefined;
}

/** How many GPS fields the file's Exif carries (0 when none). */
export function gpsFieldCount(bytes: Buffer): number {
  let fields = 0;
  for (const tiff of exifBlocks(bytes)) {
    const directory = gpsDirectory(bytes, tiff);
    if (directory !== undefined) fields += reader(bytes, tiff).u16(directory) ?? 0;
  }
  return fields;
}

/**
 * A copy of the file with every GPS field of its Exif zeroed, values stored outside the directory too, and the GPS
 * directory left empty (a valid TIFF directory of no entries); every other byte stays where it was.
 */
export function withoutGps(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  for (const tiff of exifBlocks(out)) {
    const directory = gpsDirectory(out, tiff);
    if (directory === undefined) continue;
    const { u16, u32 } = reader(out, tiff);
    const count = u16(directory) ?? 0;
    for (let i = 0; i < count; i++) {
      const entry = directory + 2 + i * 12;
      const type = u16(entry + 2);
      const values = u32(entry + 4);
      if (type === undefined || values === undefined) break;
      const size = (TYPE_SIZES[type] ?? 1) * values;
      const valueAt = u32(entry + 8);
      if (size > 4 && valueAt !== undefined) {
        const from = tiff.start + valueAt;
        out.fill(0, Math.min(from, out.length), Math.min(from + size, out.length));
      }
      out.fill(0, Math.min(tiff.start + entry, out.length), Math.min(tiff.start + entry + 12, out.length));
    }
    // An empty directory: no entries, and no next directory after it.
    const at = tiff.start + directory;
    out.fill(0, at, Math.min(at + 2, out.length));
  }
  return out;
}
