import { ROLES } from '../../../test/world.ts';
import type { MatrixEntry } from './types.ts';

const everyoneSignedIn = ROLES.filter((r) => r !== 'anonymous');

export const accountsMatrix: MatrixEntry[] = [
  {
    route: 'POST /auth/login',
    allowed: [...ROLES],
    // Anyone may try to sign in; the row checks a wrong password is refused for every caller.
    request: ({ world }) => ({
      body: { login: world.users.admin.login, password: 'correct-horse-42' },
    }),
  },
  { route: 'POST /auth/logout', allowed: [...ROLES], request: () => ({}) },
  { route: 'GET /me', allowed: everyoneSignedIn, request: () => ({}) },
];
