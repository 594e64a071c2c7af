/** The calendar-thematic plan of one subject in one parallel for one year (R10). */
import type { DbOrTx } from '../db.ts';
import { issuesError } from '../errors.ts';
import type { ValidationIssue } from '../errors.ts';
import { isSubjectOf, loadYearOfSchool } from './common.ts';

export interface PlanScope {
  schoolId: number;
  yearId: number;
  subjectId: number;
  grade: number;
  /** null when the school has no such parallel. */
  gradeLevelId: number | null;
  /** The parallel's classes in that year (whose teachers share the plan). */
  classGroupIds: number[];
}

/**
 * Resolves a plan's year, parallel and classes. The year must be the school's; whether the subject
 * and the parallel exist is checked by `assertPlanExists`, after the access check.
 * @throws DomainError NOT_FOUND when the year is not the school's
 */
export const resolvePlanScope = async (
  db: DbOrTx,
  key: { schoolId: number; yearId: number; subjectId: number; grade: number },
): Promise<PlanScope> => {
  const year = await loadYearOfSchool(db, key.schoolId, key.yearId);
  const gradeLevel = await db.gradeLevel.findUnique({
    where: { schoolId_grade: { schoolId: key.schoolId, grade: key.grade } },
    select: { id: true },
  });
  const classes = gradeLevel
    ? await db.classGroup.findMany({
        where: { schoolId: key.schoolId, yearId: year.id, gradeLevelId: gradeLevel.id },
        select: { id: true },
      })
    : [];
  return {
    ...key,
    yearId: year.id,
    gradeLevelId: gradeLevel?.id ?? null,
    classGroupIds: classes.map((c) => c.id),
  };
};

/**
 * @throws DomainError VALIDATION_FAILED (subjectNotInSchool, gradeNotInSchool)
 */
export const assertPlanExists = async (
  db: DbOrTx,
  scope: PlanScope,
): Promise<PlanScope & { gradeLevelId: number }> => {
  const issues: ValidationIssue[] = [];
  if (!(await isSubjectOf(db, scope.schoolId, scope.subjectId))) {
    issues.push({ path: ['subjectId'], key: 'subjectNotInSchool' });
  }
  if (scope.gradeLevelId === null) {
    issues.push({ path: ['grade'], key: 'gradeNotInSchool', params: { grade: scope.grade } });
  }
  if (issues.length > 0 || scope.gradeLevelId === null) throw issuesError(issues);
  return { ...scope, gradeLevelId: scope.gradeLevelId };
};

/** The plan's items in order, each with how many lessons took their topic from it. */
export const readPlan = async (
  db: DbOrTx,
  scope: { yearId: number; subjectId: number; grade: number; gradeLevelId: number },
) => {
  const rows = await db.planItem.findMany({
    where: { yearId: scope.yearId, subjectId: scope.subjectId, gradeLevelId: scope.gradeLevelId },
    orderBy: { position: 'asc' },
    include: { _count: { select: { lessons: true } } },
  });
  const items = rows.map((r) => ({
    id: r.id,
    position: r.position,
    topic: r.topic,
    hours: r.hours,
    lessonCount: r._count.lessons,
  }));
  return {
    yearId: scope.yearId,
    subjectId: scope.subjectId,
    grade: scope.grade,
    hoursTotal: items.reduce((sum, i) => sum + i.hours, 0),
    items,
  };
};
