import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertStorageKey, type FileStore } from './store.ts';

/**
 * Files on local disk under `root` (by default `<SABAK_DATA_DIR>/files`). Uploads are staged in
 * `root/.staging` and moved into place with a rename, so a reader never sees half a file.
 */
export const createDiskStore = (root: string): FileStore => {
  const base = path.resolve(root);
  const stagingDir = path.join(base, '.staging');
  const pathOf = (key: string) => {
    assertStorageKey(key);
    return path.join(base, ...key.split('/'));
  };
  return {
    kind: 'disk',
    stagingDir,
    put: async (key, localPath) => {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(localPath, target);
      } catch (error) {
        // Staged on another file system (a custom staging folder): copy, then drop the staged file.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        const partial = `${target}.${randomUUID()}.part`;
        await copyFile(localPath, partial);
        await rename(partial, target);
        await rm(localPath, { force: true });
      }
    },
    get: async (key): Promise<Readable | null> => {
      const file = pathOf(key);
      try {
        await stat(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return createReadStream(file);
    },
    delete: async (key) => {
      await rm(pathOf(key), { force: true });
    },
    exists: async (key) => {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },
  };
};
