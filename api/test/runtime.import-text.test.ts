/**
 * Text safety of the import and export: the CSV encoding is decided from the whole file (a
 * stray byte never stores garbled names), and exports neutralize formula-looking text (CSV
 * injection) in a way the import undoes, so an export still imports back unchanged.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../domain/imports/read-workbook.ts';
import { isNameText } from '../../domain/imports/rows.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import { schoolSheets, XLSX_TYPE, xlsxOf } from './fixtures/school-workbook.ts';

let h: ApiHarness;
let pupilId: number;
beforeAll(async () => {
  h = await createApiHarness();
  const res = await importFile(await xlsxOf(schoolSheets(h.world, 'ru')), XLSX_TYPE, 'school.xlsx');
  if (res.status !== 200) throw new Error(`fixture import failed: ${res.text}`);
  const pupil = await h.db.prisma.pupil.findFirstOrThrow({
    where: { schoolId: h.world.school.id, externalId: { not: null } },
    orderBy: { id: 'asc' },
  });
  pupilId = pupil.id;
  // Text a spreadsheet would run: a name starting with "-", a subject name that is a formula.
  await h.db.prisma.pupil.update({ where: { id: pupil.id }, data: { firstName: '-Алия' } });
  const subject = await h.db.prisma.subject.findFirstOrThrow({
    where: { schoolId: h.world.school.id, code: { not: '' } },
    orderBy: { id: 'asc' },
  });
  await h.db.prisma.subject.update({
    where: { id: subject.id },
    data: { nameRu: '=HYPERLINK("http://evil.example","Математика")' },
  });
});
afterAll(() => h.close());

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

const exportAs = async (format: string, lang = 'ru') =>
  request(h.app)
    .get(`/api/v1/schools/${h.world.school.id}/export`)
    .query({ format })
    .set(await h.headersFor('admin'))
    .set('accept-language', lang)
    .buffer(true)
    .parse(binary);

async function importFile(content: Buffer, type: string, fileName: string, dryRun = false) {
  return request(h.app)
    .post(`/api/v1/schools/${h.world.school.id}/imports`)
    .query(dryRun ? { dryRun: 'true' } : {})
    .set(await h.headersFor('deputy'))
    .set('accept-language', 'ru')
    .set('content-type', type)
    .set('x-file-name', fileName)
    .send(content);
}

/** Windows-1251 bytes of a text (the inverse of the decoder's table). */
const cp1251 = (text: string) => {
  const table = new TextDecoder('windows-1251').decode(
    Uint8Array.from({ length: 256 }, (_, i) => i),
  );
  return Buffer.from(
    [...text].map((ch) => {
      const byte = table.indexOf(ch);
      if (byte < 0) throw new Error(`no cp1251 byte for ${ch}`);
      return byte;
    }),
  );
};

const csvRows = (text: string): string[][] => {
  const rows: unknown = parse(text, { relax_column_count: true });
  return rows as string[][];
};

const FORMULA = /^[=+\-@\t\r]/;

const pupilsCsv = async (lang = 'ru') => {
  const zip = await JSZip.loadAsync((await exportAs('csv', lang)).body as Buffer);
  return {
    zip,
    pupils: ((await zip.file('pupils.csv')?.async('string')) ?? '').replace(/^\uFEFF/, ''),
  };
};

describe('CSV and xlsx exports neutralize formulas', () => {
  it('no CSV field of the export starts with = + - @ tab or CR; such text gets a leading apostrophe', async () => {
    const { zip } = await pupilsCsv();
    for (const [name, file] of Object.entries(zip.files)) {
      if (file.dir) continue;
      const rows = csvRows((await file.async('string')).replace(/^\uFEFF/, ''));
      for (const row of rows)
        for (const field of row) expect(FORMULA.test(field), `${name}: ${field}`).toBe(false);
    }
    const subjects = (await zip.file('subjects.csv')?.async('string')) ?? '';
    expect(subjects).toContain(`"'=HYPERLINK(""http://evil.example"",""Математика"")"`);
    expect(await zip.file('pupils.csv')?.async('string')).toContain(",'-Алия,");
    expect(await zip.file('data/pupils.csv')?.async('string')).toContain(",'-Алия,");
  });

  it('no text cell of the xlsx export starts with = + - @ tab or CR, and no cell is a formula', async () => {
    const workbook = new ExcelJS.Workbook();
    const file = (await exportAs('xlsx')).body as Buffer;
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    let seen = 0;
    for (const ws of workbook.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.formula).toBeUndefined();
          if (typeof cell.value === 'string') {
            seen++;
            expect(FORMULA.test(cell.value), cell.value).toBe(false);
          }
        }),
      );
    expect(seen).toBeGreaterThan(50);
  });

  it('the CSV and xlsx exports import back unchanged: "-Алия" stays "-Алия", phones keep their "+"', async () => {
    const { zip, pupils } = await pupilsCsv();
    const subjects = (await zip.file('subjects.csv')?.async('string')) ?? '';
    for (const [content, type, name] of [
      [Buffer.from(pupils), 'text/csv', 'pupils.csv'],
      [Buffer.from(subjects), 'text/csv', 'subjects.csv'],
      [(await exportAs('xlsx')).body as Buffer, XLSX_TYPE, 'export.xlsx'],
    ] as const) {
      const back = await importFile(content, type, name);
      expect(back.status, back.text).toBe(200);
      for (const [sheet, c] of Object.entries(
        back.body.counts as Record<string, { created: number; updated?: number }>,
      ))
        expect({ sheet, created: c.created, updated: c.updated ?? 0 }).toEqual({
          sheet,
          created: 0,
          updated: 0,
        });
    }
    const pupil = await h.db.prisma.pupil.findUniqueOrThrow({ where: { id: pupilId } });
    expect(pupil.firstName).toBe('-Алия');
    expect(pupils).toMatch(/,'\+996\d{9},/);
  });
});

describe('CSV encoding', () => {
  it('decides from the whole file: BOM, then valid UTF-8, else Windows-1251', () => {
    expect(decodeText(Buffer.from('\uFEFFӨмүрбеков', 'utf8'))).toBe('Өмүрбеков');
    expect(decodeText(Buffer.from('Өмүрбеков', 'utf8'))).toBe('Өмүрбеков');
    expect(decodeText(cp1251('Иванова Мария'))).toBe('Иванова Мария');
    expect(decodeText(Buffer.from('\uFEFFАлия', 'utf16le'))).toBe('Алия');
  });

  it('names: Cyrillic (Kyrgyz letters too) and Latin pass; mojibake, U+FFFD and symbols do not', () => {
    for (const ok of ['Өмүрбеков', 'Talantbek uulu', "O'Brien", 'Сёмин', '-Алия', 'Анна-Мария'])
      expect(isNameText(ok), ok).toBe(true);
    const garbled = new TextDecoder('windows-1251').decode(Buffer.from('Ирина', 'utf8'));
    for (const bad of [garbled, 'РђР»РёСЏ', 'Al\uFFFDia', '=1+2', 'Имя™', '李'])
      expect(isNameText(bad), bad).toBe(false);
  });

  it('a UTF-8 CSV with one stray Latin-1 byte in an ignored column is refused row by row and stores nothing', async () => {
    // English headers survive any 8-bit decoding, so the sheet is recognised and read row by row.
    const { pupils } = await pupilsCsv('en');
    const lines = pupils.split(/\r?\n/);
    const header = `${lines[0]},Эскертүү`;
    const first = Buffer.concat([Buffer.from(`${lines[1]},caf`), Buffer.from([0xe9])]);
    const content = Buffer.concat([
      Buffer.from(`${header}\n`),
      first,
      Buffer.from(`\n${lines.slice(2).join('\n')}`),
    ]);
    const before = await h.db.prisma.pupil.findMany({ orderBy: { id: 'asc' } });
    const res = await importFile(content, 'text/csv', 'pupils.csv');
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text) as {
      errors: { path: string; code: string; message: string }[];
    };
    const notName = body.errors.filter((e) => e.code === 'imports.notName');
    expect(notName.length).toBeGreaterThan(0);
    expect(notName[0]?.path).toMatch(/\.2\./);
    expect(notName[0]?.message).toMatch(
      /^Лист «pupils», строка 2, столбец «.+»: «.+» не читается как имя/,
    );
    expect(await h.db.prisma.pupil.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('a CSV saved by Excel in Windows-1251 imports with the names intact', async () => {
    const { pupils } = await pupilsCsv('ru');
    const [header = '', first = ''] = pupils.split(/\r?\n/);
    const cells = csvRows(first);
    const row = (cells[0] ?? []).map((c) => c.replace(/^'/, ''));
    // A new pupil with Russian names (Windows-1251 has no ң, ө, ү) in the first row's class.
    const columns = csvRows(header);
    const at = (name: RegExp) => (columns[0] ?? []).findIndex((c) => name.test(c));
    row[at(/^Фамилия$/)] = 'Воробьёва';
    row[at(/^Имя$/)] = 'Юлия';
    row[at(/^Отчество$/)] = 'Сергеевна';
    row[at(/ID|Код|Идентиф/i)] = 'CP1251-1';
    (columns[0] ?? []).forEach((c, i) => {
      if (/родител/i.test(c)) row[i] = '';
    });
    const csv = `${header}\n${row.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\n`;
    const res = await importFile(cp1251(csv), 'text/csv', 'pupils.csv');
    expect(res.status, res.text).toBe(200);
    const pupil = await h.db.prisma.pupil.findFirstOrThrow({ where: { externalId: 'CP1251-1' } });
    expect([pupil.lastName, pupil.firstName, pupil.patronymic]).toEqual([
      'Воробьёва',
      'Юлия',
      'Сергеевна',
    ]);
  });
});
