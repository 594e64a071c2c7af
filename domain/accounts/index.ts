import { changePassword, changePasswordInput } from './change-password.ts';
import { createLinkCodes, createLinkCodesInput } from './create-link-codes.ts';
import { createLinkSlips, createLinkSlipsInput } from './create-link-slips.ts';
import { createStaffLinkCode, createStaffLinkCodeInput } from './create-staff-link-code.ts';
import { getPreferences } from './get-preferences.ts';
import { issueSetupCodes, issueSetupCodesInput } from './issue-setup-codes.ts';
import { redeemLinkCode, redeemLinkCodeInput } from './redeem-link-code.ts';
import { getMe, login, loginInput, logout } from './sessions.ts';
import { resetStaffAccess, resetStaffAccessInput } from './reset-staff-access.ts';
import { listBotTokens } from './list-bot-tokens.ts';
import { setLanguage, setLanguageInput } from './set-language.ts';
import { setTelegramChatStatus, setTelegramChatStatusInput } from './set-telegram-chat-status.ts';
import { setStaffActive, setStaffActiveInput } from './set-staff-active.ts';
import { setupPassword, setupPasswordInput } from './setup-password.ts';
import { unlinkTelegram } from './unlink-telegram.ts';
import { updatePreferences, updatePreferencesInput } from './update-preferences.ts';

export type { BotCaller } from './bot-caller.ts';

/** Sign-in, sessions, profiles; link codes and Telegram linking (R3); preferences (R18). */
export const accountsUseCases = {
  login,
  logout,
  getMe,
  createLinkCodes,
  createLinkSlips,
  createStaffLinkCode,
  redeemLinkCode,
  unlinkTelegram,
  setTelegramChatStatus,
  listBotTokens,
  changePassword,
  getPreferences,
  updatePreferences,
  setLanguage,
  setupPassword,
  issueSetupCodes,
  resetStaffAccess,
  setStaffActive,
};

/** Input schemas, for the API's validation and OpenAPI document. */
export const accountsSchemas = {
  loginInput,
  createLinkCodesInput,
  createLinkSlipsInput,
  createStaffLinkCodeInput,
  redeemLinkCodeInput,
  changePasswordInput,
  updatePreferencesInput,
  setLanguageInput,
  setTelegramChatStatusInput,
  setupPasswordInput,
  issueSetupCodesInput,
  resetStaffAccessInput,
  setStaffActiveInput,
};
