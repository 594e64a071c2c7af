import { getMe, login, loginInput, logout } from './sessions.ts';

/** Sign-in, sessions, profiles; link codes and Telegram linking (R3). */
export const accountsUseCases = { login, logout, getMe };

/** Input schemas, for the API's validation and OpenAPI document. */
export const accountsSchemas = { loginInput };
