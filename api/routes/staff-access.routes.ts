import { schemas } from '../../domain/index.ts';
import { startSession } from './accounts.routes.ts';
import { defineRoutes, withPath } from './define.ts';

/**
 * Staff accounts (ISSUE 5 §1): one-time password-setup codes issued in bulk by the director,
 * setting a password with a code, resetting a staff member's access, deactivating an account.
 */
export const staffAccessRoutes = defineRoutes([
  {
    method: 'post',
    path: '/auth/setup-password',
    summary:
      'Sets a staff password with a one-time setup code and signs in (sets the session cookie)',
    tag: 'accounts',
    body: schemas.setupPasswordInput,
    rateLimit: 'setupCode',
    handle: async ({ domain, actor, body, res, req }) => {
      const session = await domain.accounts.setupPassword(actor, body);
      return startSession(req, res, session);
    },
  },
  {
    method: 'post',
    path: '/schools/:schoolId/setup-codes',
    summary:
      'Issues one-time password-setup codes for staff without a password (returned once, in clear, for printing)',
    tag: 'accounts',
    body: schemas.issueSetupCodesInput.omit({ schoolId: true }),
    status: 201,
    handle: ({ domain, actor, params, body }) =>
      domain.accounts.issueSetupCodes(actor, withPath(body, { schoolId: params.schoolId })),
  },
  {
    method: 'post',
    path: '/schools/:schoolId/staff/:userId/reset-access',
    summary:
      "Resets a staff member's access: removes the password, ends every session, returns a new setup code",
    tag: 'accounts',
    status: 201,
    handle: ({ domain, actor, params }) =>
      domain.accounts.resetStaffAccess(actor, {
        schoolId: params.schoolId,
        userId: params.userId,
      }),
  },
  {
    method: 'put',
    path: '/schools/:schoolId/staff/:userId/active',
    summary:
      'Deactivates (active: false) or reactivates a staff account; deactivating ends its sessions',
    tag: 'accounts',
    body: schemas.setStaffActiveInput.omit({ schoolId: true, userId: true }),
    handle: ({ domain, actor, params, body }) =>
      domain.accounts.setStaffActive(
        actor,
        withPath(body, { schoolId: params.schoolId, userId: params.userId }),
      ),
  },
]);
