import { schemas } from '../../domain/index.ts';
import { SESSION_COOKIE } from './accounts.routes.ts';
import { renderSlipsPdf } from '../render/slips.ts';
import { defineRoutes, withPath } from './define.ts';

/** The bot presents the service token; the auth middleware has already checked it. */
const viaBot = (authorization: string | undefined) => authorization?.startsWith('Bearer ') === true;

/** Link codes and Telegram linking (R3), self-service: password, language, notifications (R18). */
export const linksRoutes = defineRoutes([
  {
    method: 'post',
    path: '/classes/:classGroupId/link-codes',
    summary:
      'Creates one-time link codes for a class: one per guardian of each pupil (PARENT) or per pupil (PUPIL), each naming whom it is for (returned once, in clear, for printing)',
    tag: 'accounts',
    body: schemas.createLinkCodesInput.omit({ classGroupId: true }),
    status: 201,
    handle: ({ domain, actor, params, body }) =>
      domain.accounts.createLinkCodes(actor, {
        ...(body as object),
        classGroupId: params.classGroupId,
      }),
  },
  {
    method: 'post',
    path: '/classes/:classGroupId/link-slips',
    summary:
      "Issues the class's link-code slips: one per guardian of each pupil and one per pupil, each with name, class, a fresh one-time code and the bot's deep link (older unused codes of the same people stop working)",
    tag: 'accounts',
    body: schemas.createLinkSlipsInput.omit({ classGroupId: true }),
    status: 201,
    handle: ({ domain, actor, params, body }) =>
      domain.accounts.createLinkSlips(actor, withPath(body, { classGroupId: params.classGroupId })),
  },
  {
    method: 'post',
    path: '/classes/:classGroupId/link-slips/pdf',
    summary:
      'Issues the same slips as a printable A4 PDF (ten per page, QR code of the deep link on each) in the request language',
    tag: 'accounts',
    body: schemas.createLinkSlipsInput.omit({ classGroupId: true }),
    status: 201,
    produces: 'application/pdf',
    handle: async ({ domain, actor, params, body, req, res }) => {
      const sheet = await domain.accounts.createLinkSlips(
        actor,
        withPath(body, { classGroupId: params.classGroupId }),
      );
      const pdf = await renderSlipsPdf(sheet, req.t, req.lang);
      res
        .status(201)
        .type('application/pdf')
        .set('Cache-Control', 'no-store')
        .attachment(`${sheet.className}-slips.pdf`)
        .send(pdf);
      return undefined;
    },
  },
  {
    method: 'post',
    path: '/staff/:userId/link-code',
    summary:
      'Creates a one-time code that links a Telegram account to this staff member (administration, or the staff member themselves; web session only)',
    tag: 'accounts',
    status: 201,
    handle: ({ domain, actor, params, req }) =>
      domain.accounts.createStaffLinkCode(
        actor,
        { userId: params.userId },
        { telegramUserId: req.telegramUserId, viaBot: viaBot(req.get('authorization')) },
      ),
  },
  {
    method: 'post',
    path: '/link-codes/redeem',
    summary:
      'Links the Telegram user named by X-Telegram-User-Id to the guardian, pupil or staff member the code was issued for (bot only)',
    tag: 'accounts',
    body: schemas.redeemLinkCodeInput,
    rateLimit: 'linkCode',
    handle: ({ domain, actor, body, req }) =>
      domain.accounts.redeemLinkCode(actor, body, {
        telegramUserId: req.telegramUserId,
        viaBot: viaBot(req.get('authorization')),
      }),
  },
  {
    method: 'delete',
    path: '/me/telegram',
    summary: "Unlinks the user's Telegram account (through the bot: the Telegram user it acts for)",
    tag: 'accounts',
    handle: ({ domain, actor, req }) =>
      domain.accounts.unlinkTelegram(actor, { telegramUserId: req.telegramUserId }),
  },
  {
    method: 'put',
    path: '/me/telegram/chat-status',
    summary:
      'The bot reports that its Telegram user blocked or unblocked it (my_chat_member); bot only',
    tag: 'accounts',
    body: schemas.setTelegramChatStatusInput,
    handle: ({ domain, actor, req, body }) =>
      domain.accounts.setTelegramChatStatus(actor, body, {
        telegramUserId: req.telegramUserId,
        viaBot: viaBot(req.get('authorization')),
      }),
  },
  {
    method: 'get',
    path: '/bot-accounts',
    summary:
      "The deployment's bot accounts with their tokens, for the bot process (service token, no Telegram user)",
    tag: 'accounts',
    handle: ({ domain, actor, req }) =>
      domain.accounts.listBotTokens(actor, {
        telegramUserId: req.telegramUserId,
        viaBot: viaBot(req.get('authorization')),
      }),
  },
  {
    method: 'post',
    path: '/me/password',
    summary: "Changes the signed-in staff member's password; other sessions end",
    tag: 'accounts',
    body: schemas.changePasswordInput,
    status: 204,
    rateLimit: 'password',
    handle: async ({ domain, actor, body, req }) => {
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      await domain.accounts.changePassword(actor, body, token);
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/me/notification-preferences',
    summary: 'Which notifications the user receives, quiet hours, digest mode',
    tag: 'accounts',
    handle: ({ domain, actor }) => domain.accounts.getPreferences(actor),
  },
  {
    method: 'put',
    path: '/me/notification-preferences',
    summary: 'Changes notification preferences (fields left out keep their value)',
    tag: 'accounts',
    body: schemas.updatePreferencesInput,
    handle: ({ domain, actor, body }) => domain.accounts.updatePreferences(actor, body),
  },
  {
    method: 'put',
    path: '/me/language',
    summary: "Sets the user's language for the bot and notifications (ky, ru, en)",
    tag: 'accounts',
    body: schemas.setLanguageInput,
    handle: ({ domain, actor, body }) => domain.accounts.setLanguage(actor, body),
  },
]);
