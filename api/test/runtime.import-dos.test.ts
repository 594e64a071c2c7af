/**
 * The import is no denial-of-service door: a zip bomb is refused from the zip directory before
 * any parsing, and a large valid workbook parses off the request thread while /healthz keeps
 * answering quickly.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import { schoolSheets, XLSX_TYPE, xlsxOf, type FixtureCell } from './fixtures/school-workbook.ts';

let h: ApiHarness;
let server: Server;
let base: string;
let deputy: Record<string, string>;
beforeAll(async () => {
  h = await createApiHarness();
  server = h.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  deputy = await h.headersFor('deputy');
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await h.close();
});

const upload = (content: Buffer, query = '') =>
  fetch(`${base}/api/v1/schools/${h.world.school.id}/imports${query}`, {
    method: 'POST',
    headers: {
      ...deputy,
      'content-type': XLSX_TYPE,
      'x-file-name': 'school.xlsx',
      'accept-language': 'ru',
    },
    body: content,
  });

/** The smallest xlsx skeleton around one worksheet XML. */
const xlsxWith = async (sheetXml: string | Buffer) => {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ученики" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  zip.file('xl/worksheets/sheet1.xml', sheetXml);
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
};

const counts = async () => ({
  pupils: await h.db.prisma.pupil.count(),
  audit: await h.db.prisma.auditEntry.count(),
});

describe('zip bombs', () => {
  it('a small xlsx that unpacks beyond 100 MB is refused at once, localized, writing nothing', async () => {
    const head =
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    const padding = Buffer.alloc(110 * 1024 * 1024, 0x20);
    const bomb = await xlsxWith(
      Buffer.concat([Buffer.from(head), padding, Buffer.from('</sheetData></worksheet>')]),
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = await counts();
    const started = performance.now();
    const res = await upload(bomb);
    const took = performance.now() - started;
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { code: string; message: string }[] };
    expect(body.errors[0]?.code).toBe('imports.unpackedTooLarge');
    expect(body.errors[0]?.message).toMatch(
      /^Файл «school\.xlsx» в распакованном виде слишком велик \(\d+ МБ, не больше 100 МБ\)/,
    );
    expect(took).toBeLessThan(3000);
    expect(await counts()).toEqual(before);
  });

  it('a sheet that declares five million rows is refused before parsing', async () => {
    const xml =
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C5000000"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Фамилия</t></is></c></row></sheetData></worksheet>';
    const res = await upload(await xlsxWith(xml));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { code: string; message: string }[] };
    expect(body.errors[0]?.code).toBe('imports.declaredTooManyRows');
    expect(body.errors[0]?.message).toBe(
      'На листе «sheet1» 5000000 строк (не больше 20000). Удалите лишние строки.',
    );
  });
});

describe('while a large workbook parses', () => {
  it('/healthz answers every time in under 200 ms', async () => {
    // The school's workbook plus a big sheet of notes the import skips: parsing is the heavy part.
    const notes: FixtureCell[][] = [['Эскертүү', 'Дата', 'Автор', 'Текст']];
    for (let i = 1; i <= 19_000; i++)
      notes.push([
        `Эскертүү ${i}`,
        '2026-09-01',
        'Асанова Гүлнара',
        `Сап ${i}: ата-эне жолугушуусу`,
      ]);
    const file = await xlsxOf([
      ...schoolSheets(h.world, 'ru'),
      { name: 'Эскертүүлөр', rows: notes },
    ]);

    let importDone = false;
    const importing = upload(file, '?dryRun=true').then(async (res) => {
      importDone = true;
      return { status: res.status, text: await res.text() };
    });
    const latencies: number[] = [];
    while (!importDone) {
      const started = performance.now();
      const res = await fetch(`${base}/healthz`);
      await res.text();
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 25));
    }
    const result = await importing;
    expect(result.status, result.text).toBe(200);
    expect(latencies.length).toBeGreaterThan(10);
    expect(Math.max(...latencies)).toBeLessThan(200);
  }, 120_000);
});
