import { StaffRoleKind } from '../generated/prisma/enums.ts';

/** Roles an announcement may address: the families and every staff role. */
export const AUDIENCE_ROLES = ['PARENT', 'PUPIL', ...Object.values(StaffRoleKind)] as const;
export type AudienceRole = (typeof AUDIENCE_ROLES)[number];
