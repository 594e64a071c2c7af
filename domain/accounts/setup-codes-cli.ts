/**
 * `npm run staff:setup-codes -- --school CODE [--out file.txt] [--lang ky|ru|en]` — issues
 * one-time password-setup codes for every staff member of the school who has no password yet
 * (the same use case as `POST /schools/:schoolId/setup-codes`, acting as the console operator)
 * and prints them as slips to cut and hand out; with `--out` the slips go to that file (readable
 * by its owner only) and the terminal shows only the count.
 *
 * Exit codes: 0 done (also when nobody needed a code); 2 usage, school, database or other problem.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { cliLanguage, cliTranslator, runOnCliDomain, say } from '../cli.ts';
import { consoleOperator } from '../imports/policy.ts';

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line = '') => process.stderr.write(`${line}\n`);

const day = (d: Date) =>
  new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Asia/Bishkek',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(d);

const CUT = '✂ ' + '-'.repeat(70);

const main = async (argv: string[]): Promise<number> => {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        school: { type: 'string' },
        out: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch {
    err(say(cliTranslator(cliLanguage(undefined)), 'cli:setupCodes.usage'));
    return 2;
  }
  const { values } = args;
  const t = cliTranslator(cliLanguage(values.lang));
  if (values.help) {
    out(say(t, 'cli:setupCodes.usage'));
    return 0;
  }
  if (!values.school) {
    err(say(t, 'cli:common.missingOptions', { options: '--school' }));
    err(say(t, 'cli:setupCodes.usage'));
    return 2;
  }
  return runOnCliDomain(
    t,
    err,
    async (domain) => {
      const operator = consoleOperator();
      const { school } = await domain.imports.resolveImportTarget(operator, {
        schoolCode: values.school,
      });
      const { codes } = await domain.accounts.issueSetupCodes(operator, { schoolId: school.id });
      if (codes.length === 0) {
        out(say(t, 'cli:setupCodes.none', { school: school.name }));
        return 0;
      }
      const slips = codes.flatMap((c) => [
        CUT,
        say(t, 'cli:setupCodes.slipSchool', { school: school.name }),
        say(t, 'cli:setupCodes.slipName', {
          name: [c.lastName, c.firstName, c.patronymic].filter(Boolean).join(' '),
        }),
        say(t, 'cli:setupCodes.slipLogin', { login: c.login }),
        say(t, 'cli:setupCodes.slipCode', { code: c.code, until: day(c.expiresAt) }),
        say(t, 'cli:setupCodes.slipHow'),
      ]);
      slips.push(CUT);
      out(say(t, 'cli:setupCodes.issued', { count: codes.length, school: school.name }));
      if (values.out) {
        await writeFile(values.out, `${slips.join('\n')}\n`, { mode: 0o600 });
        out(say(t, 'cli:setupCodes.saved', { file: values.out }));
      } else {
        for (const line of slips) out(line);
      }
      return 0;
    },
    'cli:setupCodes.failed',
  );
};

process.exitCode = await main(process.argv.slice(2));
