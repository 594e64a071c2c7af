import { z } from 'zod';
import { DomainError, type ValidationIssue } from './errors.ts';

/** Longest free text a user may type in one field (a topic, a comment, a message). */
export const MAX_TEXT = 2000;
export const MAX_SHORT_TEXT = 200;

/** A row id: a JSON integer (never `"5"`, `true`, `[5]`); text from paths and query strings is
 * turned into a number by the API boundary under its own canonical-decimal rule. */
export const id = z.number().int().positive().max(2_147_483_647);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day "YYYY-MM-DD" between 2000 and 2100 (no 30 February, no year 0001). */
export const isCalendarDate = (value: string): boolean => {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
};

/**
 * A school-local calendar day "YYYY-MM-DD"; kept a string so the OpenAPI document shows it as one.
 * Any malformed or impossible date fails with the `invalidDate` message key.
 */
export const isoDate = z.string().refine(isCalendarDate, { message: 'invalidDate' });
export const text = (max = MAX_TEXT) => z.string().trim().min(1).max(max);
export const optionalText = (max = MAX_TEXT) => z.string().trim().max(max).optional();

const issueKey = (issue: z.core.$ZodIssue): ValidationIssue => {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  switch (issue.code) {
    case 'too_small':
      return {
        path,
        key: issue.origin === 'string' ? 'tooShort' : 'tooSmall',
        params: { min: Number(issue.minimum) },
      };
    case 'too_big':
      return {
        path,
        key: issue.origin === 'string' ? 'tooLong' : 'tooBig',
        params: { max: Number(issue.maximum) },
      };
    case 'invalid_type':
      return { path, key: issue.input === undefined ? 'required' : 'invalidType' };
    case 'invalid_value':
      return {
        path,
        key: 'invalidValue',
        params: { allowed: issue.values.map(String).join(', ') },
      };
    case 'invalid_format':
      return { path, key: issue.message === 'date' ? 'invalidDate' : 'invalidFormat' };
    case 'unrecognized_keys':
      return { path, key: 'unknownField', params: { fields: issue.keys.join(', ') } };
    case 'custom':
      if (issue.message === 'date') return { path, key: 'invalidDate' };
      return {
        path,
        key: issue.message && /^[a-zA-Z]+$/.test(issue.message) ? issue.message : 'invalid',
      };
    default:
      return { path, key: issue.message === 'date' ? 'invalidDate' : 'invalid' };
  }
};

/** Zod issues as our validation issues (keys of `errors.json` → `validation.*`). */
export const toIssues = (error: z.ZodError): ValidationIssue[] => error.issues.map(issueKey);

/**
 * Parses `raw` with `schema`.
 * @throws DomainError VALIDATION_FAILED with one issue per problem
 */
export const parseInput = <S extends z.ZodType>(schema: S, raw: unknown): z.output<S> => {
  // reportInput: zod 4 keeps the offending input only when asked (tells "required" from "wrong type").
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new DomainError('VALIDATION_FAILED', 'input failed validation', {
      details: { issues: toIssues(result.error) },
    });
  }
  return result.data;
};
