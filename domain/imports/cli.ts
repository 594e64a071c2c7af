/**
 * `npm run import -- <file.xlsx|file.csv> [--school CODE] [--as LOGIN] [--sheet KIND] [--dry-run]
 * [--lang ky|ru|en]` — the composition root of the import CLI: reads DATABASE_URL, opens the
 * domain and runs the same use case as the API, with a progress bar on stderr.
 *
 * Who acts: `--as LOGIN` imports as that admin or deputy (their rights apply, the audit names
 * them). Without it the console operator acts — whoever can run this holds the database
 * credentials — and the audit entry records `via: console`.
 *
 * Exit codes: 0 imported (or checked, with --dry-run); 1 the file has errors, nothing written;
 * 2 usage, configuration, file, school or permission problem.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import {
  createI18n,
  LANGUAGES,
  pickLanguage,
  type Lang,
  type TFunction,
} from '../../locales/i18n.ts';
import { createDomain, DomainError, type Domain, type ValidationIssue } from '../index.ts';
import { failureText } from '../cli.ts';
import type { ImportProgress, ImportResult } from './index.ts';
import { consoleOperator } from './policy.ts';

const EXIT_OK = 0;
const EXIT_INVALID_FILE = 1;
const EXIT_FAILED = 2;

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line = '') => process.stderr.write(`${line}\n`);

/** A message as plain text (i18next's return type also covers objects, which our files never hold). */
const say = (t: TFunction, key: string, params: Record<string, unknown> = {}): string => {
  const text: unknown = t(key, params);
  return typeof text === 'string' ? text : key;
};

const issueText = (t: TFunction, issue: ValidationIssue) =>
  say(t, `errors:validation.${issue.key}`, {
    ...issue.params,
    defaultValue: say(t, 'errors:validation.invalid'),
  });

const printResult = (t: TFunction, result: ImportResult) => {
  out(
    result.dryRun
      ? say(t, 'imports:cli.dryRun')
      : say(t, 'imports:cli.done', { file: result.fileName }),
  );
  for (const kind of Object.keys(result.counts) as (keyof ImportResult['counts'])[]) {
    const c: { created: number; updated?: number; unchanged: number; removed?: number } =
      result.counts[kind];
    let line = say(t, 'imports:cli.counts', {
      sheet: say(t, `imports:counts.${kind}`),
      updated: 0,
      ...c,
    });
    if (c.removed) line += `, ${say(t, 'imports:cli.removed', { removed: c.removed })}`;
    out(`  ${line}`);
  }
  for (const warning of result.warnings)
    err(say(t, 'imports:cli.warning', { message: issueText(t, warning) }));
  if (result.needPassword.length > 0) {
    out(say(t, 'imports:cli.needPassword', { count: result.needPassword.length }));
    for (const s of result.needPassword)
      out(`  ${s.login ?? s.externalId ?? ''}  ${s.lastName} ${s.firstName}`);
  }
};

const progressBar = (t: TFunction) => {
  const bar = new cliProgress.SingleBar(
    {
      format: '{stage} [{bar}] {percentage}% | {value}/{total}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p: ImportProgress) => {
      const payload = { stage: say(t, `imports:cli.stage.${p.stage}`).padEnd(10) };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      }
      bar.setTotal(p.total);
      bar.update(p.done, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
};

const main = async (argv: string[]): Promise<number> => {
  const i18n = createI18n();
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        school: { type: 'string' },
        as: { type: 'string' },
        sheet: { type: 'string' },
        lang: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    const t = i18n.getFixedT(pickLanguage(process.env.LANG));
    err(String((error as Error).message));
    err(say(t, 'imports:cli.usage'));
    return EXIT_FAILED;
  }
  const { values, positionals } = args;
  const chosen =
    values.lang && (LANGUAGES as readonly string[]).includes(values.lang)
      ? (values.lang as Lang)
      : null;
  let t = i18n.getFixedT(chosen ?? pickLanguage(process.env.LANG));
  const file = positionals[0];
  if (values.help || !file || positionals.length > 1) {
    (values.help ? out : err)(say(t, 'imports:cli.usage'));
    return values.help ? EXIT_OK : EXIT_FAILED;
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    err(say(t, 'imports:cli.noDatabase'));
    return EXIT_FAILED;
  }
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    err(
      say(t, 'imports:cli.cannotRead', {
        file,
        reason: (error as NodeJS.ErrnoException).code ?? String(error),
      }),
    );
    return EXIT_FAILED;
  }

  // No named prepared statements: the CLI must also run against the embedded database of a
  // running `npm start` (PGlite behind one multiplexer, where statement names collide).
  const domain: Domain = createDomain({
    databaseUrl,
    maxConnections: 2,
    preparedStatements: false,
  });
  const bar = progressBar(t);
  try {
    const target = await domain.imports.resolveImportTarget(consoleOperator(), {
      ...(values.school ? { schoolCode: values.school } : {}),
      ...(values.as ? { login: values.as } : {}),
    });
    const actor = target.actor;
    const language: Lang =
      chosen ?? (actor.kind === 'user' ? actor.language : pickLanguage(process.env.LANG));
    t = i18n.getFixedT(language);
    err(
      say(t, 'imports:cli.target', {
        school: target.school.name,
        code: target.school.code,
        actor: actor.kind === 'user' ? (values.as ?? '') : say(t, 'imports:cli.operator'),
      }),
    );
    const result = await domain.imports.importSchoolData(actor, {
      schoolId: target.school.id,
      fileName: path.basename(file),
      content,
      ...(values.sheet ? { sheet: values.sheet } : {}),
      dryRun: values['dry-run'],
      language,
      onProgress: bar.update,
    });
    bar.stop();
    printResult(t, result);
    return EXIT_OK;
  } catch (error) {
    bar.stop();
    // A database that went away reaches us as UNAVAILABLE with the driver's error as its cause:
    // what the operator should fix is the database, so it is told as such.
    if (!(error instanceof DomainError) || error.code === 'UNAVAILABLE') {
      err(failureText(t, error, databaseUrl));
      return EXIT_FAILED;
    }
    const issues = error.details.issues ?? [];
    if (error.code === 'VALIDATION_FAILED' && issues.some((i) => i.key.startsWith('imports.'))) {
      err(say(t, 'imports:cli.failed', { count: issues.length }));
      for (const issue of issues) err(`  ${issueText(t, issue)}`);
      return EXIT_INVALID_FILE;
    }
    const vars = Object.fromEntries(
      Object.entries(error.details).filter(([, v]) => typeof v === 'string'),
    );
    const reason =
      typeof error.details.reason === 'string'
        ? ` ${say(t, `errors:${error.details.reason}`, vars)}`
        : '';
    const details = issues.map((i) => ` [${i.path.join('.')}] ${issueText(t, i)}`).join('');
    err(
      say(t, 'imports:cli.error', {
        message: `${say(t, `errors:${error.code}`)}${reason}${details}`,
      }),
    );
    return EXIT_FAILED;
  } finally {
    await domain.close();
  }
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    err(
      failureText(
        createI18n().getFixedT(pickLanguage(process.env.LANG)),
        error,
        process.env.DATABASE_URL,
      ),
    );
    process.exitCode = EXIT_FAILED;
  },
);
