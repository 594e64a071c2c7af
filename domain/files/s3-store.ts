import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertStorageKey, type FileStore } from './store.ts';

export interface S3StoreOptions {
  /** e.g. `https://s3.example.kg` or MinIO's `http://127.0.0.1:9000`; unset: AWS by region. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (`endpoint/bucket/key`), which MinIO and most self-hosted stores need. */
  forcePathStyle: boolean;
  /** Prepended to every key (e.g. `sabak/`), so one bucket can hold several deployments. */
  prefix?: string;
  /** Where uploads are staged before they are sent (default: the OS temp folder). */
  stagingDir?: string;
}

const isMissing = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Yandex Object Storage, …), behind the same
 * interface as the disk store. The SDK is loaded only when this store is configured.
 */
export const createS3Store = async (options: S3StoreOptions): Promise<FileStore> => {
  const s3 = await import('@aws-sdk/client-s3');
  const client = new s3.S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle,
    // Checksums only where S3 requires them: the newer default (CRC32 trailers on every upload)
    // is not understood by every S3-compatible store.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
  });
  const Bucket = options.bucket;
  const keyOf = (key: string) => {
    assertStorageKey(key);
    return `${options.prefix ?? ''}${key}`;
  };
  return {
    kind: 's3',
    stagingDir: options.stagingDir ?? path.join(tmpdir(), 'sabak-staging'),
    put: async (key, localPath, file) => {
      try {
        await client.send(
          new s3.PutObjectCommand({
            Bucket,
            Key: keyOf(key),
            Body: createReadStream(localPath),
            ContentLength: file.size,
            ContentType: file.mimeType,
          }),
        );
      } finally {
        await rm(localPath, { force: true });
      }
    },
    get: async (key) => {
      try {
        const out = await client.send(new s3.GetObjectCommand({ Bucket, Key: keyOf(key) }));
        return (out.Body as Readable | undefined) ?? null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    delete: async (key) => {
      await client.send(new s3.DeleteObjectCommand({ Bucket, Key: keyOf(key) }));
    },
    exists: async (key) => {
      try {
        await client.send(new s3.HeadObjectCommand({ Bucket, Key: keyOf(key) }));
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
  };
};
