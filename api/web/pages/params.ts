import type { Request } from 'express';
import { DomainError } from '../../../domain/index.ts';
import { parseCanonicalId } from '../../middleware/boundary.ts';

/** A path id of a page (`/journal/lessons/:lessonId`); anything not a canonical id is a 404. */
export const pathId = (req: Request, name: string): number => {
  const raw = (req.params as Record<string, string | undefined>)[name] ?? '';
  const value = parseCanonicalId(raw);
  if (value === null) throw new DomainError('NOT_FOUND', `no such ${name}`);
  return value;
};

/**
 * An id from a form or query string: a canonical one (`12`, not ` 12`, `012`, `0x0c` or `1e1`)
 * becomes a number; anything else is handed on as it came (empty: undefined), so the domain's
 * validation refuses it with its localized message.
 */
export const formId = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  if (value === '') return undefined;
  return parseCanonicalId(value) ?? value;
};

/** A text field of a posted form ('' when missing). */
export const formField = (req: Request, name: string): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};
