import type { Prisma } from '../generated/prisma/client.ts';
import type { StaffRoleKind } from '../generated/prisma/enums.ts';

/** How a person appears to others in messaging: name and role, never a phone number (R19). */
export type PersonRole = StaffRoleKind | 'PARENT' | 'PUPIL';

export interface Person {
  id: number;
  name: string;
  role: PersonRole;
}

/** The role shown when someone holds several. */
const SHOWN_FIRST: StaffRoleKind[] = [
  'ADMIN',
  'DEPUTY',
  'CLASS_TEACHER',
  'TEACHER',
  'PSYCHOLOGIST',
  'DOCTOR',
];

/** The fields a Person is built from (deliberately no phone, login or password hash). */
export const personSelect = {
  id: true,
  lastName: true,
  firstName: true,
  patronymic: true,
  roles: { select: { role: true } },
  pupil: { select: { id: true } },
} as const satisfies Prisma.UserSelect;

interface PersonRow {
  id: number;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  roles: { role: StaffRoleKind }[];
  pupil: { id: number } | null;
}

export const fullName = (p: { lastName: string; firstName: string; patronymic?: string | null }) =>
  [p.lastName, p.firstName, p.patronymic].filter((part) => part && part.length > 0).join(' ');

export const toPerson = (row: PersonRow): Person => {
  const held = new Set(row.roles.map((r) => r.role));
  const staffRole = SHOWN_FIRST.find((role) => held.has(role));
  return { id: row.id, name: fullName(row), role: staffRole ?? (row.pupil ? 'PUPIL' : 'PARENT') };
};
