/**
 * What the operator CLIs inside domain/ share (school:create, staff:setup-codes, bot:*, the import):
 * the language of their output, opening the domain for a short console run, and turning an
 * expected failure into one localized line instead of a stack trace.
 */
import { createI18n, LANGUAGES, pickLanguage, type Lang, type TFunction } from '../locales/i18n.ts';
import { describeInfrastructureFailure } from './failures.ts';
import { createDomain, DomainError, type Domain, type ValidationIssue } from './index.ts';

/** `--lang ky|ru|en`, else the language of the shell's LANG (`ru_RU.UTF-8` → ru), else Kyrgyz. */
export const cliLanguage = (flag: string | undefined): Lang => {
  if (flag && (LANGUAGES as readonly string[]).includes(flag)) return flag as Lang;
  const fromEnv = (process.env.LANG ?? '').slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(fromEnv)
    ? (fromEnv as Lang)
    : pickLanguage(undefined);
};

export const cliTranslator = (lang: Lang): TFunction => createI18n().getFixedT(lang);

/** A message as plain text (i18next's return type also covers objects, which our files never hold). */
export const say = (t: TFunction, key: string, params: Record<string, unknown> = {}): string => {
  const text: unknown = t(key, params);
  return typeof text === 'string' ? text : key;
};

/**
 * The domain for one console run. Named prepared statements are off: a CLI runs a few hundred
 * statements at most (no plan cache pays off), and it must work against the embedded database of
 * a running `npm start`, where PGlite sits behind one socket multiplexer and statement names of
 * different clients collide ("prepared statement … already exists").
 */
export const openCliDomain = (databaseUrl: string): Domain =>
  createDomain({ databaseUrl, maxConnections: 2, preparedStatements: false });

/**
 * Runs an operator command's work on the domain of `DATABASE_URL`: says how to set it when it is
 * missing, tells a failure as failureText does (under the command's `failedKey` heading, indented,
 * when it has one) and closes the domain. Returns the work's exit code, or 2.
 */
export const runOnCliDomain = async (
  t: TFunction,
  err: (line: string) => void,
  work: (domain: Domain) => Promise<number>,
  failedKey?: string,
): Promise<number> => {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    err(say(t, 'cli:common.noDatabase'));
    return 2;
  }
  const domain = openCliDomain(databaseUrl);
  try {
    return await work(domain);
  } catch (error) {
    const text = failureText(t, error, databaseUrl);
    if (failedKey) {
      err(say(t, failedKey));
      err(`  ${text.replace(/\n/g, '\n  ')}`);
    } else err(text);
    return 2;
  } finally {
    await domain.close().catch(() => undefined);
  }
};

const issueText = (t: TFunction, issue: ValidationIssue) =>
  say(t, `errors:validation.${issue.key}`, {
    ...issue.params,
    defaultValue: say(t, 'errors:validation.invalid'),
  });

/**
 * One localized line for a failure: a DomainError by its code and issues, a database that cannot
 * be reached or has no tables yet by what to do about it. Anything else is a bug: its message
 * (never a stack trace, unless SABAK_DEBUG=1) with a hint to report it.
 */
export const failureText = (t: TFunction, error: unknown, databaseUrl?: string): string => {
  // First: a database that went away also reaches us as UNAVAILABLE (its cause is the driver's
  // error), and the operator should be told what to fix.
  const infrastructure = describeInfrastructureFailure(error, databaseUrl);
  if (infrastructure) return say(t, `cli:${infrastructure.key}`, infrastructure.params);
  if (error instanceof DomainError) {
    const issues = error.details.issues ?? [];
    if (issues.length > 0) return issues.map((i) => issueText(t, i)).join('\n');
    const reason =
      typeof error.details.reason === 'string'
        ? ` ${say(t, `errors:${error.details.reason}`, error.details)}`
        : '';
    return `${say(t, `errors:${error.code}`, error.details)}${reason}`;
  }
  if (process.env.SABAK_DEBUG === '1' && error instanceof Error && error.stack) return error.stack;
  return say(t, 'cli:cli.unexpected', {
    message:
      error instanceof Error ? error.message.split('\n').filter(Boolean).pop() : String(error),
  });
};
