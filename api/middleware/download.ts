import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Streams a stored file as a download. The name goes out twice in Content-Disposition — an ASCII
 * fallback and RFC 5987's `filename*=UTF-8''…` — so «Бөлчөктөр.pdf» keeps its Kyrgyz letters; the
 * type is the one decided from the content at upload, never sniffed again by the browser.
 */
export const sendFile = async (
  res: Response,
  file: { fileName: string; mimeType: string; size: number; content: Readable },
) => {
  res.status(200);
  res.attachment(file.fileName);
  res.type(file.mimeType.startsWith('text/') ? `${file.mimeType}; charset=utf-8` : file.mimeType);
  res.set('Content-Length', String(file.size));
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Cache-Control', 'private, no-store');
  await pipeline(file.content, res);
};
