import { fileTypeFromBuffer } from 'file-type';

export type EvidenceKind = 'image' | 'pdf' | 'text';

/** What a file was found to be from its bytes: the kind staff are shown, and the type and extension it is served as. */
export interface DetectedType {
  kind: EvidenceKind;
  mediaType: 'image/jpeg' | 'image/png' | 'image/heic' | 'application/pdf' | 'text/plain; charset=utf-8';
  extension: 'jpg' | 'png' | 'heic' | 'pdf' | 'txt';
}

const BY_SIGNATURE: Record<string, DetectedType> = {
  'image/jpeg': { kind: 'image', mediaType: 'image/jpeg', extension: 'jpg' },
  'image/png': { kind: 'image', mediaType: 'image/png', extension: 'png' },
  // A still HEIF image from a phone's camera (brands heic, heix, mif1); image sequences are not accepted.
  'image/heic': { kind: 'image', mediaType: 'image/heic', extension: 'heic' },
  'image/heif': { kind: 'image', mediaType: 'image/heic', extension: 'heic' },
  'application/pdf': { kind: 'pdf', mediaType: 'application/pdf', extension: 'pdf' },
};

const TEXT: DetectedType = { kind: 'text', mediaType: 'text/plain; charset=utf-8', extension: 'txt' };

/**
 * The evidence type of a file, judged from its bytes alone (never its name or declared type), or undefined when it is
 * none Redress accepts. Images and PDF are recognised by their signatures (file-type). Plain text has none, so a file
 * is text when no signature matches and it is strict UTF-8 (a BOM allowed) holding no NUL and no control character
 * other than tab, line feed, form feed and carriage return: that excludes every binary format file-type does not know.
 */
export async function detectEvidenceType(bytes: Uint8Array): Promise<DetectedType | undefined> {
  const signature = await fileTypeFromBuffer(bytes);
  if (signature) return BY_SIGNATURE[signature.mime];
  return isPlainText(bytes) ? TEXT : undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  for (const byte of bytes) {
    // C0 controls other than \t \n \f \r, and DEL: a NUL above all marks a binary file.
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) return false;
  }
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
