/**
 * Receiving one uploaded file (multipart/form-data, field `file`) as a stream: busboy parses the
 * request without buffering it, caps how much of the file is read (the domain refuses anything
 * over its limit) and drops whatever else arrives, so a refused upload still finishes its request
 * and gets its localized answer.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { DomainError } from '../../domain/index.ts';

export interface IncomingFile {
  stream: Readable;
  /** The name on the sender's computer, as the browser sent it (UTF-8). */
  fileName: string;
  /** The form's text fields that came before the file part (a form lists them first). */
  fields: Record<string, string>;
}

const invalidUpload = (key: string, params?: Record<string, string | number>) =>
  new DomainError('VALIDATION_FAILED', `upload: ${key}`, {
    details: { issues: [{ path: ['file'], key, ...(params ? { params } : {}) }] },
  });

/**
 * Parses the request's multipart body and hands its `file` part to `consume` (once). Resolves with
 * what `consume` returned, after the whole request was read. Everything past `maxFileBytes + 1`
 * bytes of the file is discarded unread into memory.
 * @throws DomainError VALIDATION_FAILED (fileRequired | notMultipart) or what `consume` threw
 */
export const receiveFile = <T>(
  req: Request,
  maxFileBytes: number,
  consume: (file: IncomingFile) => Promise<T>,
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    if (!req.is('multipart/form-data')) {
      req.resume();
      reject(invalidUpload('notMultipart'));
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send a name's UTF-8 bytes as they are; busboy's default would read Latin-1.
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: maxFileBytes + 1, fields: 20, fieldSize: 10_000, parts: 30 },
      });
    } catch {
      req.resume();
      reject(invalidUpload('notMultipart'));
      return;
    }
    let result: Promise<T> | null = null;
    const fields: Record<string, string> = {};
    parser.on('field', (name, value) => {
      if (!result) fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || result) {
        stream.resume();
        return;
      }
      result = consume({ stream, fileName: info.filename ?? '', fields });
      // A refusal before (or while) reading: read the rest so the request can end.
      result.catch(() => stream.resume());
    });
    // A malformed body (bad boundary, cut short): the client's fault, said so in its language.
    parser.on('error', () => {
      req.unpipe(parser);
      req.resume();
      reject(invalidUpload('notMultipart'));
    });
    parser.on('close', () => {
      if (!result) reject(invalidUpload('fileRequired'));
      else result.then(resolve, reject);
    });
    req.pipe(parser);
  });
