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
