import { changePassword, changePasswordInput } from './change-password.ts';
import { createLinkCodes, createLinkCodesInput } from './create-link-codes.ts';
import { createStaffLinkCode, createStaffLinkCodeInput } from './create-staff-link-code.ts';
import { getPreferences } from './get-preferences.ts';
import { redeemLinkCode, redeemLinkCodeInput } from './redeem-link-code.ts';
import { getMe, login, loginInput, logout } from './sessions.ts';
import { setLanguage, setLanguageInput } from './set-language.ts';
import { unlinkTelegram } from './unlink-telegram.ts';
import { updatePreferences, updatePreferencesInput } from './update-preferences.ts';

export type { BotCaller } from './bot-caller.ts';

/** Sign-in, sessions, profiles; link codes and Telegram linking (R3); preferences (R18). */
export const accountsUseCases = {
  login,
  logout,
  getMe,
  createLinkCodes,
  createStaffLinkCode,
  redeemLinkCode,
  unlinkTelegram,
  changePassword,
  getPreferences,
  updatePreferences,
  setLanguage,
};

/** Input schemas, for the API's validation and OpenAPI document. */
export const accountsSchemas = {
  loginInput,
  createLinkCodesInput,
  createStaffLinkCodeInput,
  redeemLinkCodeInput,
  changePasswordInput,
  updatePreferencesInput,
  setLanguageInput,
};
