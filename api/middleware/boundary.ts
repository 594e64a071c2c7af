/**
 * The input boundary of the JSON API: what arrives as text (path, query string, headers) becomes
 * typed values here by one strict rule each, before any use case sees it. JSON bodies keep their
 * JSON types (the domain's schemas accept only JSON numbers for ids and JSON booleans for flags).
 */
import { z } from 'zod';
import { DomainError, parseInput, type ValidationIssue } from '../../domain/index.ts';

/** Largest id a row can have (PostgreSQL `integer`). */
export const MAX_ID = 2_147_483_647;
/** Largest Telegram user id that fits PostgreSQL `bigint`. */
const MAX_INT64 = 9_223_372_036_854_775_807n;

/** Canonical decimal integers only: no sign, no leading zeros, no spaces, no `0x`, no `1e1`, no `1.0`. */
const CANONICAL_POSITIVE = /^[1-9][0-9]*$/;
const CANONICAL_INTEGER = /^(0|-?[1-9][0-9]*)$/;

const fail = (issues: ValidationIssue[]) =>
  new DomainError(
    'VALIDATION_FAILED',
    `invalid ${issues.map((i) => i.path.join('.')).join(', ')}`,
    {
      details: { issues },
    },
  );

/** A positive id written canonically (`"16"`, never `"0x10"`, `" 16"`, `"016"`, `"16.0"`), or null. */
export const parseCanonicalId = (raw: string, max = MAX_ID): number | null => {
  if (!CANONICAL_POSITIVE.test(raw) || raw.length > 10) return null;
  const value = Number(raw);
  return value <= max ? value : null;
};

/** A Telegram user id header: canonical, positive, within int64. */
export const parseTelegramUserId = (raw: string): bigint | null => {
  if (!CANONICAL_POSITIVE.test(raw) || raw.length > 19) return null;
  const value = BigInt(raw);
  return value <= MAX_INT64 ? value : null;
};

/** Text PostgreSQL can store and every client can render: no NUL, no lone UTF-16 surrogate. */
const UNCLEAN = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isCleanText = (value: string) => !UNCLEAN.test(value);

/**
 * Every string (and object key) in `value` that is not clean text, as validation issues.
 * Walks JSON bodies, parsed query strings and path parameters alike.
 */
export const uncleanTextIssues = (
  value: unknown,
  path: (string | number)[] = [],
  found: ValidationIssue[] = [],
): ValidationIssue[] => {
  if (found.length >= 20) return found;
  if (typeof value === 'string') {
    if (!isCleanText(value)) found.push({ path, key: 'invalidText' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => uncleanTextIssues(item, [...path, index], found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!isCleanText(key)) found.push({ path: [...path, key], key: 'invalidText' });
      else uncleanTextIssues(item, [...path, key], found);
    }
  }
  return found;
};

/** @throws DomainError VALIDATION_FAILED (`invalidText`) when any string in `value` is not clean */
export const assertCleanText = (value: unknown, root: string) => {
  const issues = uncleanTextIssues(value, [root]);
  if (issues.length > 0) throw fail(issues);
};

/**
 * Path parameters. Every parameter of this API is a row id, so each must be a canonical positive
 * decimal integer; `DELETE /substitutions/0x10` is refused instead of deleting substitution 16.
 * @throws DomainError VALIDATION_FAILED (`invalidId`)
 */
export const parsePathIds = (params: Record<string, string>): Record<string, number> => {
  const out: Record<string, number> = {};
  const issues: ValidationIssue[] = [];
  for (const [name, raw] of Object.entries(params)) {
    const value = parseCanonicalId(raw);
    if (value === null) issues.push({ path: [name], key: 'invalidId' });
    else out[name] = value;
  }
  if (issues.length > 0) throw fail(issues);
  return out;
};

/** The zod schema documenting a path's parameters in OpenAPI: one integer id per `:name`. */
export const pathParamsSchema = (path: string) => {
  const names = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
  if (names.length === 0) return null;
  return z.object(Object.fromEntries(names.map((n) => [n, z.number().int().min(1).max(MAX_ID)])));
};

/** The innermost schema of a field (through optional, nullable, default, readonly). */
const baseOf = (schema: z.ZodType): z.ZodType => {
  let current: z.ZodType = schema;
  for (let i = 0; i < 10; i += 1) {
    const def = current.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
};

/** `?lang=` picks the language of any page or answer (see the i18n middleware), not an input. */
const GLOBAL_QUERY = new Set(['lang']);

/**
 * Query strings, validated by exactly the schema the OpenAPI document shows. A number field takes
 * only a canonical decimal integer (`?limit=10`, never `?limit=1e1`), a boolean only `true` or
 * `false` (`?dryRun=TRUE`, `=1`, `=yes` are refused); a repeated key is an array and fails a scalar
 * field; a key the schema does not name is an unknown field.
 * @throws DomainError VALIDATION_FAILED
 */
export const parseQuery = (
  schema: z.ZodObject | undefined,
  raw: Record<string, unknown>,
): Record<string, unknown> => {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (!GLOBAL_QUERY.has(key)) input[key] = value;
  if (!schema) {
    const keys = Object.keys(input);
    if (keys.length > 0)
      throw fail([{ path: [], key: 'unknownField', params: { fields: keys.join(', ') } }]);
    return {};
  }
  const shape = schema.shape as Record<string, z.ZodType>;
  const unknown = Object.keys(input).filter((key) => !(key in shape));
  if (unknown.length > 0)
    throw fail([{ path: [], key: 'unknownField', params: { fields: unknown.join(', ') } }]);
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(input)) {
    const field = shape[key];
    if (!field || typeof value !== 'string') continue; // the schema reports unknown keys and arrays
    const kind = baseOf(field).def.type;
    if (kind === 'number') {
      if (CANONICAL_INTEGER.test(value) && value.length <= 11) input[key] = Number(value);
      else issues.push({ path: [key], key: 'invalidInteger' });
    } else if (kind === 'boolean') {
      if (value === 'true' || value === 'false') input[key] = value === 'true';
      else issues.push({ path: [key], key: 'invalidBoolean' });
    }
  }
  if (issues.length > 0) throw fail(issues);
  // The same zod schema the OpenAPI document shows, with the domain's localized issue keys.
  return parseInput<z.ZodObject>(schema, input);
};
