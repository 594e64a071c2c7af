import { kyrgyzCompare } from '../collation.ts';

export interface NamedPerson {
  id: number;
  lastName: string;
  firstName: string;
  patronymic?: string | null;
}

/** Compares by last name, first name, patronymic (Kyrgyz collation), then id for a stable order. */
export const byKyrgyzName = (a: NamedPerson, b: NamedPerson): number =>
  kyrgyzCompare(a.lastName, b.lastName) ||
  kyrgyzCompare(a.firstName, b.firstName) ||
  kyrgyzCompare(a.patronymic ?? '', b.patronymic ?? '') ||
  a.id - b.id;

/** "5-А" */
export const className = (cls: { letter: string; gradeLevel: { grade: number } }) =>
  `${cls.gradeLevel.grade}-${cls.letter}`;
