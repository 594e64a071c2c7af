import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { DomainError, schemas } from '../../domain/index.ts';
import { assertCleanText } from '../middleware/boundary.ts';
import { defineRoutes } from './define.ts';

/** Same limit as the domain's MAX_IMPORT_BYTES: a school's workbook is well under 10 MB. */
const UPLOAD_LIMIT = '10mb';
/**
 * No type a cross-site HTML form can send without a CORS preflight (`text/plain`,
 * `application/x-www-form-urlencoded`, `multipart/form-data`): an import replaces a school's data.
 */
const UPLOAD_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'application/octet-stream',
  'text/csv',
  'application/csv',
];
const readRaw = express.raw({ type: UPLOAD_TYPES, limit: UPLOAD_LIMIT });

/**
 * The uploaded file as bytes. The body is read here rather than by app-wide middleware so only
 * this route accepts a 10 MB body; a bigger one fails with 413 (localized by the error middleware).
 */
const readUpload = (req: Request, res: Response) =>
  new Promise<Buffer>((resolve, reject) => {
    if (!req.is(UPLOAD_TYPES)) {
      reject(
        new DomainError('VALIDATION_FAILED', 'unsupported upload content type', {
          details: {
            issues: [
              {
                path: ['headers', 'Content-Type'],
                key: 'unsupportedMediaType',
                params: { allowed: 'text/csv, xlsx' },
              },
            ],
          },
        }),
      );
      return;
    }
    readRaw(req, res, (error?: Error) => {
      if (error) reject(error);
      else resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    });
  });

/** `X-File-Name` may be percent-encoded (non-ASCII names cannot travel in a header as they are). */
const fileNameOf = (req: Request, query: Record<string, unknown>) => {
  const header = req.get('x-file-name');
  if (header) {
    let name = header;
    try {
      name = decodeURIComponent(header);
    } catch {
      // not percent-encoded: the header as it is
    }
    assertCleanText(name, 'X-File-Name');
    return name;
  }
  if (typeof query.fileName === 'string' && query.fileName) return query.fileName;
  return req.is('text/*') || req.is('application/csv') ? 'upload.csv' : 'upload.xlsx';
};

const importQuery = z.object({
  fileName: schemas.importSchoolDataInput.shape.fileName.optional(),
  sheet: schemas.importSchoolDataInput.shape.sheet,
  dryRun: z.boolean().optional(),
});

export const importsRoutes = defineRoutes([
  {
    method: 'post',
    path: '/schools/:schoolId/imports',
    summary:
      'Imports the base data of a school (classes, staff, subjects, pupils with parents, load, timetable) from an xlsx workbook or a CSV file sent as the raw body (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or text/csv; file name in X-File-Name). All-or-nothing; errors name sheet, row and column.',
    tag: 'imports',
    query: importQuery,
    handle: async ({ domain, actor, params, query, req, res, t }) => {
      const content = await readUpload(req, res);
      const result = await domain.imports.importSchoolData(actor, {
        schoolId: params.schoolId,
        fileName: fileNameOf(req, query),
        content,
        ...(query.sheet !== undefined ? { sheet: query.sheet } : {}),
        dryRun: query.dryRun === true,
        language: req.lang,
      });
      const warnings = result.warnings.map((w) => ({
        path: w.path.join('.'),
        code: w.key,
        message: t(`errors:validation.${w.key}`, { ...w.params, defaultValue: w.key }),
      }));
      return { ...result, warnings };
    },
  },
  {
    method: 'get',
    path: '/schools/:schoolId/export',
    summary:
      'Exports everything of a school: format=json (one document), csv (zip of CSV files, base data in import format) or xlsx (base-data workbook in import format). Never contains password hashes.',
    tag: 'imports',
    query: schemas.exportSchoolDataInput.pick({ format: true }),
    handle: async ({ domain, actor, params, query, req, res }) => {
      const file = await domain.imports.exportSchoolData(actor, {
        schoolId: params.schoolId,
        ...(query.format !== undefined ? { format: query.format } : {}),
        language: req.lang,
      });
      res.status(200).type(file.contentType).attachment(file.fileName).send(file.content);
      return undefined;
    },
  },
]);
