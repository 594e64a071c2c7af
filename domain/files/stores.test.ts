/**
 * The two file stores behind one interface: the disk store on a temporary folder, and the S3 store
 * against a small S3-compatible server on loopback (path-style PUT, GET, HEAD, DELETE of objects).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiskStore } from './disk-store.ts';
import { createS3Store } from './s3-store.ts';
import type { FileStore } from './store.ts';
import { sanitizeFileName, ALLOWED_TYPES } from './upload-rules.ts';

const read = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** Objects by "bucket/key", and what each request was. */
const objects = new Map<string, { body: Buffer; type: string }>();
const seen: string[] = [];
let server: Server;
let endpoint: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sabak-stores-'));
  server = createServer((req, res) => {
    const key = decodeURIComponent((req.url ?? '/').split('?')[0]?.slice(1) ?? '');
    seen.push(`${req.method} ${key}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const found = objects.get(key);
      if (req.method === 'PUT') {
        objects.set(key, {
          body: Buffer.concat(chunks),
          type: String(req.headers['content-type'] ?? ''),
        });
        res.writeHead(200, { etag: '"1"' }).end();
      } else if (req.method === 'DELETE') {
        objects.delete(key);
        res.writeHead(204).end();
      } else if (!found) {
        res
          .writeHead(404, { 'content-type': 'application/xml' })
          .end(
            req.method === 'HEAD'
              ? undefined
              : '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no</Message></Error>',
          );
      } else {
        res.writeHead(200, {
          'content-type': found.type,
          'content-length': String(found.body.length),
        });
        res.end(req.method === 'HEAD' ? undefined : found.body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

const roundTrip = async (store: FileStore) => {
  const bytes = Buffer.from('%PDF-1.4 Бөлчөктөр\n', 'utf8');
  const staged = path.join(dir, `staged-${store.kind}`);
  await writeFile(staged, bytes);
  await store.put('lessons/7/a.pdf', staged, { size: bytes.length, mimeType: 'application/pdf' });
  expect(await store.exists('lessons/7/a.pdf')).toBe(true);
  const got = await store.get('lessons/7/a.pdf');
  expect(got && (await read(got))).toEqual(bytes);
  await store.delete('lessons/7/a.pdf');
  expect(await store.exists('lessons/7/a.pdf')).toBe(false);
  expect(await store.get('lessons/7/a.pdf')).toBeNull();
  await store.delete('lessons/7/a.pdf'); // removing a missing key is fine
  await expect(
    store.put('../etc/passwd', staged, { size: 1, mimeType: 'text/plain' }),
  ).rejects.toThrow(/invalid storage key/);
};

describe('file stores', () => {
  it('the disk store puts, reads, tells and deletes by key, staying inside its folder', async () => {
    const root = path.join(dir, 'files');
    const store = createDiskStore(root);
    await roundTrip(store);
    expect(store.stagingDir).toBe(path.join(root, '.staging'));
  });

  it('the S3 store does the same against an S3-compatible server (path style, with a prefix)', async () => {
    const store = await createS3Store({
      endpoint,
      region: 'us-east-1',
      bucket: 'sabak-files',
      accessKeyId: 'test',
      secretAccessKey: 'test-secret',
      forcePathStyle: true,
      prefix: 'school-1/',
      stagingDir: dir,
    });
    expect(store.kind).toBe('s3');
    await roundTrip(store);
    expect(seen).toContain('PUT sabak-files/school-1/lessons/7/a.pdf');
    expect(seen).toContain('DELETE sabak-files/school-1/lessons/7/a.pdf');
  });
});

describe('sanitizeFileName', () => {
  const pdf = ALLOWED_TYPES.pdf!;
  it('keeps Kyrgyz names, drops folders and unsafe characters, ends in the detected type', () => {
    expect(sanitizeFileName('Бөлчөктөр, 5-класс.pdf', pdf)).toBe('Бөлчөктөр, 5-класс.pdf');
    expect(sanitizeFileName('C:\\Users\\Айгүл\\үй иши.PDF', pdf)).toBe('үй иши.pdf');
    expect(sanitizeFileName('../../etc/passwd', pdf)).toBe('passwd.pdf');
    expect(sanitizeFileName('a\u0000b<c>.pdf', pdf)).toBe('a_b_c_.pdf');
    expect(sanitizeFileName('сүрөт.pdf', ALLOWED_TYPES.png!)).toBe('сүрөт.png');
    expect(sanitizeFileName('', pdf)).toBe('file.pdf');
    expect(sanitizeFileName('доклад.v2', pdf)).toBe('доклад.v2.pdf');
    expect([...sanitizeFileName('ө'.repeat(500), pdf)].length).toBe(200);
  });
});
