import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeException } from '@nestjs/common';
import busboy from 'busboy';
import { DomainError } from '../../../src/common/domain-error.js';
import type { UploadedFile } from './transcript.js';

/** The activity part is JSON of a few kilobytes; more is not an activity. */
const ACTIVITY_MAX_BYTES = 64 * 1024;
/** Room for the parts' headers and boundaries around the files. */
const FORM_OVERHEAD_BYTES = 256 * 1024;

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export interface UploadForm {
  /** The `activity` part, parsed as JSON (not yet checked). */
  activity: unknown;
  files: UploadedFile[];
}

/**
 * Reads Direct Line's upload form (multipart/form-data: an `activity` part, `application/vnd.microsoft.activity`, and
 * one part for each file), never holding more than the limits allow: a file larger than `maxFileBytes` is read no
 * further and kept without its bytes (so the customer can be told), and a body larger than every file at its limit
 * together is refused (413) as it streams in.
 */
export function readUploadForm(request: IncomingMessage, limits: UploadLimits): Promise<UploadForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles + 1, fields: 4, parts: limits.maxFiles + 5, fieldSize: ACTIVITY_MAX_BYTES },
      });
    } catch {
      return reject(new DomainError('invalid', 'upload_not_multipart', 'An upload is multipart/form-data with an activity part.'));
    }
    const bodyMax = limits.maxFiles * limits.maxFileBytes + FORM_OVERHEAD_BYTES + ACTIVITY_MAX_BYTES;
    const files: (UploadedFile & { done: Promise<void> })[] = [];
    const reading: Promise<void>[] = [];
    let activityText: string | undefined;
    let failed = false;
    let received = 0;

    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      request.unpipe(parser);
      request.resume();
      reject(error);
    };

    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > bodyMax) fail(new PayloadTooLargeException('The upload is larger than the files it may hold.'));
    });

    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const isActivity = field === 'activity';
      const done = new Promise<void>((settle) => {
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (isActivity && size > ACTIVITY_MAX_BYTES) return;
          chunks.push(chunk);
        });
        stream.on('end', () => settle());
      });
      reading.push(done);
      if (isActivity) {
        void done.then(() => {
          if (size > ACTIVITY_MAX_BYTES) fail(new DomainError('invalid', 'upload_activity_too_large', 'The activity part is too large.'));
          else activityText = Buffer.concat(chunks).toString('utf8');
        });
        return;
      }
      const file: UploadedFile & { done: Promise<void> } = { ...(info.filename ? { name: info.filename } : {}), done };
      files.push(file);
      void done.then(() => {
        // busboy stops passing data at the limit and marks the stream truncated: the file is refused, not cut short
        if (!stream.truncated) file.bytes = Buffer.concat(chunks, size);
      });
    });
    parser.on('field', (field, value) => {
      if (field === 'activity') activityText = value;
    });
    parser.on('filesLimit', () => fail(new PayloadTooLargeException(`At most ${limits.maxFiles} files may be sent at once.`)));
    parser.on('partsLimit', () => fail(new PayloadTooLargeException('The upload has too many parts.')));
    parser.on('error', () => fail(new DomainError('invalid', 'upload_malformed', 'The upload could not be read as multipart/form-data.')));
    parser.on('close', () => {
      // each part's last `then` was chained before this one, so every part is settled by now
      void Promise.all(reading).then(() => {
        if (failed) return;
        if (activityText === undefined) return reject(new DomainError('invalid', 'upload_activity_missing', 'An upload needs an activity part.'));
        let activity: unknown;
        try {
          activity = JSON.parse(activityText);
        } catch {
          return reject(new DomainError('invalid', 'upload_activity_invalid', 'The activity part is not JSON.'));
        }
        resolve({ activity, files: files.map(({ done: _done, ...file }) => file) });
      });
    });
    request.pipe(parser);
  });
}
