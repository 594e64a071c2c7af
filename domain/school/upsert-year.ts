import { z } from 'zod';
import { throwIfIssues } from '../errors.ts';
import { withConflict } from '../conflict.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import { dateOnly, daysBetween } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, type ValidationIssue } from '../errors.ts';
import { assertSchoolManager } from '../policies/index.ts';
import { isoDate, parseInput } from '../validation.ts';
import { lockSchool, schoolIdField, TERM_ORDER, yearView } from './common.ts';

/** Longest academic year (a calendar year; real ones run September to May or June). */
export const MAX_YEAR_DAYS = 366;

const YEAR_NAME = /^(\d{4})-(\d{4})$/;

/** "2026-2027": two consecutive calendar years. */
const isYearName = (name: string) => {
  const match = YEAR_NAME.exec(name);
  return match !== null && Number(match[2]) === Number(match[1]) + 1;
};

export const upsertYearInput = z
  .object({
    ...schoolIdField,
    /** "2026-2027"; the year is found by this name, so a second call updates it. */
    name: z.string().trim().refine(isYearName, { message: 'yearNameFormat' }),
    startsOn: isoDate,
    endsOn: isoDate,
    /** The year the journal works in; making one current makes the others not current. */
    isCurrent: z.boolean(),
  })
  .strict();
export type UpsertYearInput = z.input<typeof upsertYearInput>;

/**
 * Creates an academic year of the school or changes the one with the same name (R8: term dates
 * change every year, so schools set them). Only one year is current: making this one current
 * unsets the others in the same transaction. When the dates of an existing year change, its
 * quarters and half-years must still lie inside them, and its year term follows the new dates.
 * Writes an audit entry for the year and for every year that stops being current.
 * For the administration (admin, deputy).
 * @throws DomainError VALIDATION_FAILED (yearNameFormat, yearEndsBeforeStart, yearTooLong,
 *   yearOverlaps, termsOutsideYear) | UNAUTHENTICATED | FORBIDDEN | CONFLICT
 */
export const upsertYear = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(upsertYearInput, raw);
  const user = assertSchoolManager(actor, input.schoolId);
  const startsOn = dateOnly(input.startsOn);
  const endsOn = dateOnly(input.endsOn);
  const length = daysBetween(startsOn, endsOn);
  if (length < 0) throw invalid(['endsOn'], 'yearEndsBeforeStart');
  if (length >= MAX_YEAR_DAYS) throw invalid(['endsOn'], 'yearTooLong', { maxDays: MAX_YEAR_DAYS });

  return withConflict('academic year', () =>
    deps.db.$transaction(async (tx) => {
      await lockSchool(tx, input.schoolId);
      const before = await tx.academicYear.findUnique({
        where: { schoolId_name: { schoolId: input.schoolId, name: input.name } },
        include: { terms: { orderBy: TERM_ORDER } },
      });
      const issues: ValidationIssue[] = [];
      const overlapping = await tx.academicYear.findFirst({
        where: {
          schoolId: input.schoolId,
          name: { not: input.name },
          startsOn: { lte: endsOn },
          endsOn: { gte: startsOn },
        },
        select: { name: true },
      });
      if (overlapping) {
        issues.push({
          path: ['startsOn'],
          key: 'yearOverlaps',
          params: { name: overlapping.name },
        });
      }
      const outside = before?.terms.filter(
        (t) => t.kind !== 'YEAR' && (t.startsOn < startsOn || t.endsOn > endsOn),
      );
      if (outside && outside.length > 0)
        issues.push({ path: ['startsOn'], key: 'termsOutsideYear' });
      throwIfIssues(issues);

      const data = { startsOn, endsOn, isCurrent: input.isCurrent };
      const year = before
        ? await tx.academicYear.update({ where: { id: before.id }, data })
        : await tx.academicYear.create({
            data: { ...data, schoolId: input.schoolId, name: input.name },
          });
      if (before) {
        await tx.term.updateMany({
          where: { yearId: year.id, kind: 'YEAR' },
          data: { startsOn, endsOn },
        });
      }
      if (input.isCurrent) {
        const previous = await tx.academicYear.findMany({
          where: { schoolId: input.schoolId, isCurrent: true, id: { not: year.id } },
        });
        for (const old of previous) {
          const after = await tx.academicYear.update({
            where: { id: old.id },
            data: { isCurrent: false },
          });
          await writeAudit(tx, user, {
            schoolId: input.schoolId,
            action: 'year.update',
            entity: 'academic_year',
            entityId: old.id,
            before: yearView(old),
            after: yearView(after),
          });
        }
      }
      await writeAudit(tx, user, {
        schoolId: input.schoolId,
        action: before ? 'year.update' : 'year.create',
        entity: 'academic_year',
        entityId: year.id,
        before: before ? yearView(before) : null,
        after: yearView(year),
      });
      const terms = await tx.term.findMany({ where: { yearId: year.id }, orderBy: TERM_ORDER });
      return { year: yearView(year, terms), created: before === null };
    }),
  );
};
