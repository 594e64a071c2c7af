/** Files for upload tests: real bytes of each kind, and a multipart body to send them in. */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import type { Db } from '../domain/db.ts';

/** A small but well-formed PDF (one empty page). */
export const pdfBytes = (note = 'Sabak'): Buffer => {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = `%PDF-1.4\n% ${note}\n`;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
};

/** The start of a Windows executable (MZ header, PE signature) padded with noise. */
export const exeBytes = (): Buffer => {
  const b = Buffer.concat([Buffer.alloc(512), randomBytes(2048)]);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
};

/** A plain zip archive (not an Office document). */
export const zipBytes = async (): Promise<Buffer> => {
  const zip = new JSZip();
  zip.file('readme.txt', 'not a document');
  zip.file('payload.bin', randomBytes(1000));
  return zip.generateAsync({ type: 'nodebuffer' });
};

/** A minimal Word document (docx), as Office writes its parts. */
export const docxBytes = async (): Promise<Buffer> => {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Үй тапшырмасы</w:t></w:r></w:p></w:body></w:document>',
  );
  return zip.generateAsync({ type: 'nodebuffer' });
};

/** A multipart/form-data body with one `file` part, as a browser sends it. */
export const multipart = (fileName: string, data: Buffer, type = 'application/octet-stream') => {
  const boundary = `----sabak${randomUUID().replace(/-/g, '')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
    'utf8',
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    data: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
};

/** Every file (not folder) under `dir`, relative, sorted. */
export const filesUnder = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
};

/** An attachment row of `lessonId` with its bytes in the disk store at `filesDir`. */
export const storedAttachment = async (
  prisma: Db,
  filesDir: string,
  lessonId: number,
  fileName = 'көнүгүүлөр.pdf',
) => {
  const bytes = pdfBytes(fileName);
  const storageKey = `lessons/${lessonId}/${randomUUID()}.pdf`;
  await mkdir(path.join(filesDir, 'lessons', String(lessonId)), { recursive: true });
  await writeFile(path.join(filesDir, ...storageKey.split('/')), bytes);
  return prisma.attachment.create({
    data: {
      lessonId,
      target: 'HOMEWORK',
      fileName,
      mimeType: 'application/pdf',
      size: bytes.length,
      storageKey,
    },
  });
};
