/**
 * Where the bytes of attached files live (R9, DESIGN "Files"): one interface, a disk store under
 * the data directory by default, an S3-compatible store when configured. Keys are ours
 * (`lessons/<lessonId>/<uuid>.<ext>`), never a client's; the journal keeps only metadata.
 */
import type { Readable } from 'node:stream';

export interface FileStore {
  /** `disk` or `s3`, for logs and the README. */
  readonly kind: 'disk' | 's3';
  /**
   * A folder on local disk where an upload is staged (counted, type-checked) before `put`. On the
   * same file system as a disk store's root, so `put` is a rename there.
   */
  readonly stagingDir: string;
  /** Stores the staged file at `localPath` under `key` (the staged file is gone afterwards). */
  put(key: string, localPath: string, file: { size: number; mimeType: string }): Promise<void>;
  /** The bytes under `key`, or null when nothing is stored there. */
  get(key: string): Promise<Readable | null>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Is anything stored under `key`? */
  exists(key: string): Promise<boolean>;
}

/** Keys the stores accept: folders and names of safe characters, no `..`, not absolute. */
const KEY = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** @throws Error for a key that could leave the store's root (a bug, never user input) */
export const assertStorageKey = (key: string) => {
  if (!KEY.test(key) || key.split('/').includes('..') || key.length > 500)
    throw new Error(`invalid storage key ${JSON.stringify(key)}`);
};

/** The store used when the app configured none: every call fails loudly (tests, the worker). */
export const unconfiguredFileStore = (): FileStore => {
  const fail = async (): Promise<never> => {
    throw new Error('file storage is not configured (createDomain({ files }))');
  };
  return { kind: 'disk', stagingDir: '', put: fail, get: fail, delete: fail, exists: fail };
};
