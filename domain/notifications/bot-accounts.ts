import { z } from 'zod';
import type { DomainDeps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { assertConsoleOperator, type ImportActor } from '../imports/policy.ts';
import { encryptToken } from './token-crypto.ts';

/** A Bot API token as @BotFather hands it out: `<bot id>:<secret>`. */
const TOKEN = /^\d{5,12}:[A-Za-z0-9_-]{30,60}$/;
/** A Telegram bot username (without @): 5–32 characters, ends in "bot". */
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,30}[Bb][Oo][Tt]$/;

const invalid = (field: string, key: string, params: Record<string, string | number> = {}) =>
  new DomainError('VALIDATION_FAILED', `${field}: ${key}`, {
    details: { issues: [{ path: [field], key, params }] },
  });

export const addBotAccountInput = z.object({
  schoolCode: z.string().min(1),
  token: z.string(),
  username: z.string(),
  /** BOT_TOKEN_KEY of the deployment (the worker decrypts with the same key). */
  key: z.string().nullable(),
  /** Its own free send rate (Telegram allows about 30/s per bot). */
  ratePerSecond: z.number().int().min(1).max(30).optional(),
  /** Paid broadcast (allow_paid_broadcast) at this rate, up to Telegram's 1000/s. */
  paidRatePerSecond: z.number().int().min(1).max(1000).optional(),
});

/**
 * Stores a school's own bot (R18: every rate limit is per bot): its token encrypted with the
 * deployment's key (AES-256-GCM), never in clear. Console operator only (`npm run bot:add`); the
 * worker sends through it after its next start.
 * @throws DomainError VALIDATION_FAILED (token, username, taken username, no key) | NOT_FOUND school
 */
export const addBotAccount = async ({ db }: DomainDeps, actor: ImportActor, raw: unknown) => {
  assertConsoleOperator(actor);
  const parsed = addBotAccountInput.safeParse(raw);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'rate');
    throw invalid(field, 'botRate');
  }
  const input = parsed.data;
  const username = input.username.replace(/^@/, '');
  if (!input.key) throw invalid('key', 'botTokenKeyMissing');
  if (!TOKEN.test(input.token)) throw invalid('token', 'botToken');
  if (!USERNAME.test(username)) throw invalid('username', 'botUsername', { username });
  const school = await db.school.findUnique({
    where: { code: input.schoolCode },
    select: { id: true, code: true },
  });
  if (!school)
    throw new DomainError('NOT_FOUND', 'school not found', {
      details: { reason: 'cli.unknownSchool', code: input.schoolCode },
    });
  let tokenEncrypted: string;
  try {
    tokenEncrypted = encryptToken(input.token, input.key);
  } catch {
    throw invalid('key', 'botTokenKeyMissing');
  }
  const taken = await db.botAccount.findUnique({ where: { username }, select: { id: true } });
  if (taken) throw invalid('username', 'botUsernameTaken', { username });
  const bot = await db.botAccount.create({
    data: {
      schoolId: school.id,
      username,
      tokenEncrypted,
      ratePerSecond: input.ratePerSecond ?? null,
      allowPaidBroadcast: input.paidRatePerSecond !== undefined,
      paidRatePerSecond: input.paidRatePerSecond ?? null,
    },
    select: { id: true, username: true },
  });
  return { id: bot.id, username: bot.username, schoolCode: school.code };
};

/** The bot accounts (never their tokens), for `npm run bot:list`. */
export const listBotAccountsOverview = async ({ db }: DomainDeps, actor: ImportActor) => {
  assertConsoleOperator(actor);
  const rows = await db.botAccount.findMany({
    orderBy: { id: 'asc' },
    select: {
      id: true,
      username: true,
      isActive: true,
      ratePerSecond: true,
      allowPaidBroadcast: true,
      paidRatePerSecond: true,
      school: { select: { code: true } },
      _count: { select: { links: { where: { isActive: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    schoolCode: r.school?.code ?? null,
    isActive: r.isActive,
    ratePerSecond: r.ratePerSecond,
    paidRatePerSecond: r.allowPaidBroadcast ? r.paidRatePerSecond : null,
    activeLinks: r._count.links,
  }));
};

/**
 * Turns a bot off (or on again): the worker stops sending through it after its next start; its
 * links and messages stay. @throws DomainError VALIDATION_FAILED for an unknown username
 */
export const setBotAccountActive = async (
  { db }: DomainDeps,
  actor: ImportActor,
  { username, isActive }: { username: string; isActive: boolean },
) => {
  assertConsoleOperator(actor);
  const name = username.replace(/^@/, '');
  const { count } = await db.botAccount.updateMany({
    where: { username: name },
    data: { isActive },
  });
  if (count === 0) throw invalid('username', 'unknownBot', { username: name });
  return { username: name, isActive };
};
