import { DomainError, type ValidationIssue } from '../errors.ts';

/** More errors than this are summarised by one last issue: nobody reads the 5,000th line. */
export const MAX_ISSUES = 1000;

/**
 * Collects every problem of a file before anything is written. An issue's path is
 * `[sheet, row, column]` as the user sees them in Excel (shorter for sheet- or file-level
 * problems); its key lives in `errors.imports.json` under `validation.imports.*`, and its params
 * repeat sheet, row and column so the localized message can name them.
 */
export class ImportIssues {
  readonly errors: ValidationIssue[] = [];
  readonly warnings: ValidationIssue[] = [];
  private dropped = 0;

  add(path: (string | number)[], key: string, params: Record<string, string | number> = {}) {
    if (this.errors.length >= MAX_ISSUES) {
      this.dropped++;
      return;
    }
    this.errors.push({ path, key, params });
  }

  warn(path: (string | number)[], key: string, params: Record<string, string | number> = {}) {
    this.warnings.push({ path, key, params });
  }

  get hasErrors() {
    return this.errors.length > 0;
  }

  /**
   * @param sheetOrder sheet names in file order: issues are listed file-level first, then by
   *   sheet and row (in the order found within a row)
   * @throws DomainError VALIDATION_FAILED listing every issue, when there is any
   */
  throwIfAny(sheetOrder: string[] = []) {
    if (!this.hasErrors) return;
    const rank = (issue: ValidationIssue) => {
      const [sheet, row] = issue.path;
      const sheetIndex = sheet === undefined ? -1 : sheetOrder.indexOf(String(sheet));
      return [sheetIndex, typeof row === 'number' ? row : 0] as const;
    };
    const issues = this.errors
      .map((issue, i) => ({ issue, i, rank: rank(issue) }))
      .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.i - b.i)
      .map((x) => x.issue);
    if (this.dropped > 0)
      issues.push({ path: [], key: 'imports.moreErrors', params: { count: this.dropped } });
    throw new DomainError(
      'VALIDATION_FAILED',
      `import rejected: ${this.errors.length + this.dropped} problems`,
      {
        details: { issues },
      },
    );
  }
}
