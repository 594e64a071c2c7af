import { exportSchoolData, exportSchoolDataInput } from './export-school-data.ts';
import { importSchoolData, importSchoolDataInput } from './import-school-data.ts';
import { resolveImportTarget, resolveImportTargetInput } from './resolve-import-target.ts';

/** Bulk import of a school's base data and full export (R11). */
export const importsUseCases = { importSchoolData, exportSchoolData, resolveImportTarget };

/** Input schemas, for the API's validation and OpenAPI document. */
export const importsSchemas = {
  importSchoolDataInput,
  exportSchoolDataInput,
  resolveImportTargetInput,
};

export { MAX_IMPORT_BYTES, type ImportProgress, type ImportResult } from './import-school-data.ts';
export { EXPORT_FORMATS, type SchoolExport } from './export-school-data.ts';
export { SHEET_KINDS, type SheetKind } from './format.ts';
