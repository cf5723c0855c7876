/** Small files of each kind Redress accepts or refuses, as their first bytes really are. */

/** A JPEG's start of image and JFIF header. */
export const JPEG_BYTES = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

/** A PNG's signature and IHDR chunk. */
export const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

/** A HEIF still image from a phone camera: an ftyp box of brand heic. */
export const HEIC_BYTES = Buffer.concat([Buffer.from('00000018667479706865696300000000', 'hex'), Buffer.from('mif1heic'), Buffer.alloc(16)]);

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export const TEXT_BYTES = Buffer.from('Order 4411 arrived broken.\r\nThe driver said: «not my problem».\n', 'utf8');

/** A ZIP archive (also how a .docx starts): a type Redress does not take. */
export const ZIP_BYTES = Buffer.from('504b0304140000000800', 'hex');

/** Where the photos below say they were taken: 51°30'12.34"N 0°7'39"W. */
const GPS = { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3900/100' };

/**
 * A real 40×20 JPEG as a phone writes one: Exif with the camera's make and a GPS position, held sideways (orientation
 * 6, so it shows 20×40).
 */
export async function phonePhotoJpeg(): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width: 40, height: 20, channels: 3, background: '#c04020' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: 'Phone' }, IFD3: GPS })
    .toBuffer();
}

/** A real PNG carrying an eXIf chunk with a GPS position, and a tEXt comment. */
export async function pngWithLocation(): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#2040c0' } })
    .png()
    .withExif({ IFD3: GPS })
    .toBuffer();
  // A tEXt chunk inserted before IEND: keyword, NUL, text, and its CRC.
  const data = Buffer.from('Comment\0Taken at 12 Acacia Avenue', 'latin1');
  const type = Buffer.from('tEXt', 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  type.copy(chunk, 4);
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(Buffer.concat([type, data])), 8 + data.length);
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
}

/**
 * A HEIC file's layout in brief: its ftyp box, then the Exif item as iPhones store it (a 4-byte offset, `Exif\0\0`
 * and the TIFF structure, here the one from a phone photo with GPS), then stand-in image data.
 */
export async function heicWithLocation(): Promise<Buffer> {
  const jpeg = await phonePhotoJpeg();
  const at = jpeg.indexOf(Buffer.from('Exif\0\0', 'latin1'));
  const length = jpeg.readUInt16BE(at - 2) - 2;
  const exifItem = Buffer.concat([Buffer.from('00000006', 'hex'), jpeg.subarray(at, at + length)]);
  const box = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  return Buffer.concat([HEIC_BYTES.subarray(0, 24), box('mdat', Buffer.concat([exifItem, Buffer.alloc(64, 0x5a)]))]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
