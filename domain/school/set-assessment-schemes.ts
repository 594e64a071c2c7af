import { z } from 'zod';
import { throwIfIssues } from '../errors.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import type { ValidationIssue } from '../errors.ts';
import { GradingScale } from '../generated/prisma/enums.ts';
import { assertSchoolManager } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import { loadYearOfSchool, lockYear, MAX_GRADE, MIN_GRADE, schoolIdField } from './common.ts';
import { bandView } from './schemes.ts';

/** Highest "points" maximum a school may set. */
export const MAX_POINTS = 1000;

const weight = z.number().min(0.5).max(5).optional();
const grade = z.number().int().min(MIN_GRADE).max(MAX_GRADE);

const bandInput = z
  .object({
    gradeFrom: grade,
    gradeTo: grade,
    scale: z.enum(GradingScale),
    /** 5-point scale only: whether "1" may be given. */
    allowOne: z.boolean().default(false),
    /** POINTS only: the highest number of points. */
    maxPoints: z.number().int().min(1).max(MAX_POINTS).nullish(),
    /** Weights of kinds of work in averages (R22); a kind left out weighs 1. */
    weights: z
      .object({ ORAL: weight, WRITTEN: weight, CONTROL: weight, HOMEWORK: weight, OTHER: weight })
      .strict()
      .default({}),
  })
  .strict();

export const setAssessmentSchemesInput = z
  .object({
    ...schoolIdField,
    yearId: id,
    /** The complete scheme: bands covering grades 1–11 once each. */
    bands: z.array(bandInput).min(1).max(MAX_GRADE),
  })
  .strict();
export type SetAssessmentSchemesInput = z.input<typeof setAssessmentSchemesInput>;

type Band = z.output<typeof bandInput>;

const gradeRange = (from: number, to: number) => (from === to ? `${from}` : `${from}–${to}`);

/** Each band consistent with its scale, and the bands covering grades 1–11 without overlap. */
const checkBands = (bands: Band[]): ValidationIssue[] => {
  const issues: ValidationIssue[] = [];
  bands.forEach((b, index) => {
    if (b.gradeTo < b.gradeFrom)
      issues.push({ path: ['bands', index, 'gradeTo'], key: 'bandReversed' });
    if (b.scale === 'POINTS' && b.maxPoints == null) {
      issues.push({ path: ['bands', index, 'maxPoints'], key: 'maxPointsRequired' });
    }
    if (b.scale !== 'POINTS' && b.maxPoints != null) {
      issues.push({ path: ['bands', index, 'maxPoints'], key: 'maxPointsOnlyForPoints' });
    }
    if (b.scale !== 'FIVE_POINT' && b.allowOne) {
      issues.push({ path: ['bands', index, 'allowOne'], key: 'allowOneOnlyForFivePoint' });
    }
  });
  if (issues.length > 0) return issues;
  const ordered = bands
    .map((b, index) => ({ ...b, index }))
    .sort((a, b) => a.gradeFrom - b.gradeFrom);
  let next = MIN_GRADE;
  for (const b of ordered) {
    if (b.gradeFrom < next) {
      issues.push({
        path: ['bands', b.index, 'gradeFrom'],
        key: 'bandsOverlap',
        params: { grades: gradeRange(b.gradeFrom, Math.min(b.gradeTo, next - 1)) },
      });
    } else if (b.gradeFrom > next) {
      issues.push({
        path: ['bands', b.index, 'gradeFrom'],
        key: 'gradesNotCovered',
        params: { grades: gradeRange(next, b.gradeFrom - 1) },
      });
    }
    next = Math.max(next, b.gradeTo + 1);
  }
  if (next <= MAX_GRADE) {
    issues.push({
      path: ['bands'],
      key: 'gradesNotCovered',
      params: { grades: gradeRange(next, MAX_GRADE) },
    });
  }
  return issues;
};

/**
 * Replaces a year's assessment scheme (R7, R22; grading is in reform, so each school sets it per
 * grade band and year): the complete list of bands, covering grades 1–11 without overlap, in one
 * transaction with an audit entry. New marks are checked against the new scheme; marks already
 * given keep their value and weight (nothing is converted — a school changing scales mid-year
 * does so knowingly, and the audit shows when).
 * For the administration (admin, deputy).
 * @throws DomainError VALIDATION_FAILED (bandReversed, bandsOverlap, gradesNotCovered,
 *   maxPointsRequired, maxPointsOnlyForPoints, allowOneOnlyForFivePoint) | NOT_FOUND |
 *   UNAUTHENTICATED | FORBIDDEN
 */
export const setAssessmentSchemes = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(setAssessmentSchemesInput, raw);
  const user = assertSchoolManager(actor, input.schoolId);
  throwIfIssues(checkBands(input.bands));
  return deps.db.$transaction(async (tx) => {
    const year = await loadYearOfSchool(tx, input.schoolId, input.yearId);
    await lockYear(tx, year.id);
    const where = { schoolId: input.schoolId, yearId: year.id };
    const before = await tx.assessmentScheme.findMany({ where, orderBy: { gradeFrom: 'asc' } });
    await tx.assessmentScheme.deleteMany({ where });
    await tx.assessmentScheme.createMany({
      data: [...input.bands]
        .sort((a, b) => a.gradeFrom - b.gradeFrom)
        .map((b) => ({
          ...where,
          gradeFrom: b.gradeFrom,
          gradeTo: b.gradeTo,
          scale: b.scale,
          allowOne: b.allowOne,
          maxPoints: b.scale === 'POINTS' ? (b.maxPoints ?? null) : null,
          weights: b.weights,
        })),
    });
    const after = await tx.assessmentScheme.findMany({ where, orderBy: { gradeFrom: 'asc' } });
    const bands = after.map(bandView);
    await writeAudit(tx, user, {
      schoolId: input.schoolId,
      action: 'assessment-scheme.set',
      entity: 'academic_year',
      entityId: year.id,
      before: before.map(bandView),
      after: bands,
    });
    return { yearId: year.id, isDefault: false, bands };
  });
};
