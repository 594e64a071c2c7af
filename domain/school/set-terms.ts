import { z } from 'zod';
import { throwIfIssues } from '../errors.ts';
import { withConflict } from '../conflict.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import { dateOnly } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import type { ValidationIssue } from '../errors.ts';
import type { TermKind } from '../generated/prisma/enums.ts';
import { assertSchoolManager } from '../policies/index.ts';
import { id, isoDate, parseInput } from '../validation.ts';
import {
  loadYearOfSchool,
  lockYear,
  schoolIdField,
  termView,
  TERM_ORDER,
  yearView,
} from './common.ts';

const termInput = (count: number) =>
  z
    .object({
      number: z.number().int().min(1).max(count),
      startsOn: isoDate,
      endsOn: isoDate,
    })
    .strict();

export const setTermsInput = z
  .object({
    ...schoolIdField,
    yearId: id,
    /** The four quarters (чейрек), numbered 1–4. */
    quarters: z.array(termInput(4)).length(4),
    /** The two half-years; when left out, quarters 1–2 and 3–4 make them. */
    halves: z.array(termInput(2)).length(2).optional(),
  })
  .strict();
export type SetTermsInput = z.input<typeof setTermsInput>;

interface Period {
  number: number;
  startsOn: Date;
  endsOn: Date;
}

/**
 * Checks one series of terms (the quarters or the half-years): each number once, each term
 * inside the year and not ending before it starts, and each starting after the previous one
 * ends. Collects every problem with the index the user sent.
 */
const checkSeries = (
  field: 'quarters' | 'halves',
  terms: { number: number; startsOn: string; endsOn: string }[],
  year: { startsOn: Date; endsOn: Date },
  issues: ValidationIssue[],
): Period[] => {
  const seen = new Set<number>();
  const periods = terms.map((t, index) => {
    if (seen.has(t.number))
      issues.push({ path: [field, index, 'number'], key: 'duplicateTermNumber' });
    seen.add(t.number);
    return { index, number: t.number, startsOn: dateOnly(t.startsOn), endsOn: dateOnly(t.endsOn) };
  });
  const ordered = [...periods].sort((a, b) => a.number - b.number);
  let previous: (typeof ordered)[number] | undefined;
  for (const p of ordered) {
    if (p.endsOn < p.startsOn) {
      issues.push({ path: [field, p.index, 'endsOn'], key: 'termEndsBeforeStart' });
    } else if (p.startsOn < year.startsOn || p.endsOn > year.endsOn) {
      issues.push({ path: [field, p.index, 'startsOn'], key: 'termOutsideYear' });
    }
    if (previous && p.startsOn <= previous.endsOn) {
      issues.push({
        path: [field, p.index, 'startsOn'],
        key: field === 'quarters' ? 'quartersOverlap' : 'halvesOverlap',
        params: { number: p.number, previous: previous.number },
      });
    }
    previous = p;
  }
  return ordered;
};

/**
 * Sets the dates of a year's terms (R8; they change every year): the four quarters, the two
 * half-years (from the quarters unless given) and the year term (the year's own dates). Terms are
 * updated in place, so final marks keep pointing at them; a term outside this set is deleted only
 * when no final mark refers to it. Writes an audit entry in the same transaction. Answers the
 * year with its terms and how many of its lessons now fall outside every quarter (holidays moved).
 * For the administration (admin, deputy).
 * @throws DomainError VALIDATION_FAILED (duplicateTermNumber, termEndsBeforeStart,
 *   termOutsideYear, quartersOverlap, halvesOverlap) | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN | CONFLICT
 */
export const setTerms = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(setTermsInput, raw);
  const user = assertSchoolManager(actor, input.schoolId);
  return withConflict('terms', () =>
    deps.db.$transaction(async (tx) => {
      const year = await loadYearOfSchool(tx, input.schoolId, input.yearId);
      await lockYear(tx, year.id);
      const issues: ValidationIssue[] = [];
      const quarters = checkSeries('quarters', input.quarters, year, issues);
      const [q1, q2, q3, q4] = quarters;
      const halves = input.halves
        ? checkSeries('halves', input.halves, year, issues)
        : q1 && q2 && q3 && q4
          ? [
              { number: 1, startsOn: q1.startsOn, endsOn: q2.endsOn },
              { number: 2, startsOn: q3.startsOn, endsOn: q4.endsOn },
            ]
          : [];
      throwIfIssues(issues);

      const wanted: (Period & { kind: TermKind })[] = [
        ...quarters.map((q) => ({
          kind: 'QUARTER' as const,
          number: q.number,
          startsOn: q.startsOn,
          endsOn: q.endsOn,
        })),
        ...halves.map((h) => ({
          kind: 'HALF' as const,
          number: h.number,
          startsOn: h.startsOn,
          endsOn: h.endsOn,
        })),
        { kind: 'YEAR', number: 1, startsOn: year.startsOn, endsOn: year.endsOn },
      ];
      const before = await tx.term.findMany({
        where: { yearId: year.id },
        orderBy: TERM_ORDER,
        include: { _count: { select: { finalMarks: true } } },
      });
      const key = (t: { kind: TermKind; number: number }) => `${t.kind}:${t.number}`;
      const wantedKeys = new Set(wanted.map(key));
      const stale = before.filter((t) => !wantedKeys.has(key(t)) && t._count.finalMarks === 0);
      if (stale.length > 0) {
        await tx.term.deleteMany({ where: { id: { in: stale.map((t) => t.id) } } });
      }
      for (const t of wanted) {
        await tx.term.upsert({
          where: { yearId_kind_number: { yearId: year.id, kind: t.kind, number: t.number } },
          create: {
            yearId: year.id,
            kind: t.kind,
            number: t.number,
            startsOn: t.startsOn,
            endsOn: t.endsOn,
          },
          update: { startsOn: t.startsOn, endsOn: t.endsOn },
        });
      }
      const terms = await tx.term.findMany({ where: { yearId: year.id }, orderBy: TERM_ORDER });
      await writeAudit(tx, user, {
        schoolId: input.schoolId,
        action: 'terms.set',
        entity: 'academic_year',
        entityId: year.id,
        before: before.map(termView),
        after: terms.map(termView),
      });
      const lessonsOutsideQuarters = await tx.lesson.count({
        where: {
          classGroup: { yearId: year.id },
          AND: quarters.map((q) => ({ NOT: { date: { gte: q.startsOn, lte: q.endsOn } } })),
        },
      });
      return { ...yearView(year, terms), lessonsOutsideQuarters };
    }),
  );
};
