/** Codes of expected failures. Each edge maps every code (a `satisfies Record<…>` table). */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'JOURNAL_LOCKED',
  'RATE_LIMITED',
  'UNAVAILABLE',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** One problem with an input: where (path), which message key (in `errors.json`), its variables. */
export interface ValidationIssue {
  path: (string | number)[];
  key: string;
  params?: Record<string, string | number>;
}

export interface DomainErrorDetails {
  issues?: ValidationIssue[];
  [name: string]: unknown;
}

/**
 * An expected failure. `message` is English for logs; users see the text chosen by `code`
 * (and `details.issues[].key`) in their language.
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: DomainErrorDetails;

  constructor(
    code: DomainErrorCode,
    message: string,
    options: { details?: DomainErrorDetails; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

export const forbidden = (message = 'not allowed for this user') =>
  new DomainError('FORBIDDEN', message);

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);

/** One invalid field, as a VALIDATION_FAILED error. */
export const invalid = (
  path: (string | number)[],
  key: string,
  params?: Record<string, string | number>,
) =>
  new DomainError('VALIDATION_FAILED', `invalid ${path.join('.')}: ${key}`, {
    details: { issues: [{ path, key, ...(params ? { params } : {}) }] },
  });

/** A VALIDATION_FAILED error carrying every collected issue. */
export const issuesError = (issues: ValidationIssue[]) =>
  new DomainError(
    'VALIDATION_FAILED',
    `invalid ${issues.map((i) => i.path.join('.')).join(', ')}`,
    {
      details: { issues },
    },
  );

/** @throws DomainError VALIDATION_FAILED with every collected issue, when there is any */
export const throwIfIssues = (issues: ValidationIssue[]) => {
  if (issues.length > 0) throw issuesError(issues);
};
