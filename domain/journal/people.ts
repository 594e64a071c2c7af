/** Kyrgyz alphabetical order (ң after н, ө after о, ү after у), as in the paper journal. */
const KYRGYZ = new Intl.Collator('ky');

export interface NamedPerson {
  id: number;
  lastName: string;
  firstName: string;
  patronymic?: string | null;
}

/** Compares by last name, first name, patronymic (Kyrgyz collation), then id for a stable order. */
export const byKyrgyzName = (a: NamedPerson, b: NamedPerson): number =>
  KYRGYZ.compare(a.lastName, b.lastName) ||
  KYRGYZ.compare(a.firstName, b.firstName) ||
  KYRGYZ.compare(a.patronymic ?? '', b.patronymic ?? '') ||
  a.id - b.id;

/** "5-А" */
export const className = (cls: { letter: string; gradeLevel: { grade: number } }) =>
  `${cls.gradeLevel.grade}-${cls.letter}`;
