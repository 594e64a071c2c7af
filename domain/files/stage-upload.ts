import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';
import { invalid } from '../errors.ts';
import type { FileStore } from './store.ts';
import {
  ALLOWED_EXTENSIONS,
  ALLOWED_TYPES,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_MB,
  type AllowedType,
} from './upload-rules.ts';

export interface StagedUpload {
  /** The staged file on local disk (the caller puts it into the store or removes it). */
  localPath: string;
  size: number;
  type: AllowedType;
}

// Text files: valid UTF-8 without control characters other than tab, line feed, carriage return
// and form feed (a binary file nobody recognised is not "text").
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/**
 * Streams an upload to the store's staging folder (never whole into memory), counting bytes and
 * checking UTF-8 on the way, then decides its type from the content (`file-type` reads the magic
 * bytes and, for Office files, the zip's entries). Anything over the limit, empty, or not an
 * allowed document or image is removed and refused.
 * @throws DomainError VALIDATION_FAILED (file: fileTooLarge | fileEmpty | fileTypeNotAllowed)
 */
export const stageUpload = async (
  store: FileStore,
  body: Readable,
  maxBytes = MAX_ATTACHMENT_BYTES,
): Promise<StagedUpload> => {
  await mkdir(store.stagingDir, { recursive: true });
  const localPath = path.join(store.stagingDir, `${randomUUID()}.upload`);
  let size = 0;
  let tooLarge = false;
  let isText = true;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      // Past the limit the rest is read and dropped (the HTTP layer caps how much arrives), so
      // the request finishes and its refusal can be answered.
      if (tooLarge || size > maxBytes) {
        tooLarge = true;
        done();
        return;
      }
      if (isText) {
        try {
          if (CONTROL.test(decoder.decode(chunk, { stream: true }))) isText = false;
        } catch {
          isText = false;
        }
      }
      done(null, chunk);
    },
  });
  let kept = false;
  try {
    await pipeline(body, counter, createWriteStream(localPath, { flags: 'wx' }));
    if (tooLarge) throw invalid(['file'], 'fileTooLarge', { maxMb: MAX_ATTACHMENT_MB });
    if (size === 0) throw invalid(['file'], 'fileEmpty');
    if (isText) {
      try {
        decoder.decode(); // an unfinished multi-byte character at the end
      } catch {
        isText = false;
      }
    }
    const detected = await fileTypeFromFile(localPath);
    const type = detected ? ALLOWED_TYPES[detected.ext] : isText ? ALLOWED_TYPES.txt : undefined;
    if (!type) {
      throw invalid(['file'], 'fileTypeNotAllowed', {
        detected: detected?.ext ?? '?',
        allowed: ALLOWED_EXTENSIONS,
      });
    }
    kept = true;
    return { localPath, size, type };
  } finally {
    if (!kept) await rm(localPath, { force: true });
  }
};
