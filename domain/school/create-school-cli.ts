/**
 * `npm run school:create -- --code CODE --name-ky … --name-ru … --admin-login LOGIN
 * [--admin-name "Фамилия Аты Атасы"] [--district …] [--lang ky|ru|en]` — the composition root of
 * the school-creation CLI: parses the arguments, runs `school.createSchool` as the console
 * operator and prints what was made and the director's one-time password-setup code.
 *
 * Exit codes: 0 created; 2 usage, validation, database or other problem (nothing written).
 */
import { parseArgs } from 'node:util';
import { cliLanguage, cliTranslator, runOnCliDomain, say } from '../cli.ts';
import { consoleOperator } from '../imports/policy.ts';

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line = '') => process.stderr.write(`${line}\n`);

const day = (d: Date | string) =>
  new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Asia/Bishkek',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(typeof d === 'string' ? new Date(`${d}T06:00:00Z`) : d);

const main = async (argv: string[]): Promise<number> => {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        code: { type: 'string' },
        'name-ky': { type: 'string' },
        'name-ru': { type: 'string' },
        district: { type: 'string' },
        'admin-login': { type: 'string' },
        'admin-name': { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch {
    const t = cliTranslator(cliLanguage(undefined));
    err(say(t, 'cli:school.usage'));
    return 2;
  }
  const { values } = args;
  const lang = cliLanguage(values.lang);
  const t = cliTranslator(lang);
  if (values.help) {
    out(say(t, 'cli:school.usage'));
    return 0;
  }
  const missing = (['code', 'name-ky', 'name-ru', 'admin-login'] as const).filter(
    (k) => !values[k],
  );
  if (missing.length > 0) {
    err(say(t, 'cli:common.missingOptions', { options: missing.map((m) => `--${m}`).join(', ') }));
    err(say(t, 'cli:school.usage'));
    return 2;
  }
  return runOnCliDomain(
    t,
    err,
    async (domain) => {
      const made = await domain.school.createSchool(consoleOperator(), {
        code: values.code,
        nameKy: values['name-ky'],
        nameRu: values['name-ru'],
        adminLogin: values['admin-login'],
        adminLanguage: lang,
        ...(values.district ? { district: values.district } : {}),
        ...(values['admin-name'] ? { adminName: values['admin-name'] } : {}),
      });
      out(say(t, 'cli:school.created', { name: made.school.name, code: made.school.code }));
      out(
        `  ${say(t, made.district.created ? 'cli:school.districtCreated' : 'cli:school.district', { name: made.district.name })}`,
      );
      out(
        `  ${say(t, 'cli:school.year', { name: made.year.name, from: day(made.year.startsOn), to: day(made.year.endsOn) })}`,
      );
      for (const q of made.year.quarters)
        out(
          `    ${say(t, 'cli:school.quarter', { number: q.number, from: day(q.startsOn), to: day(q.endsOn) })}`,
        );
      out(`  ${say(t, 'cli:school.schemes')}`);
      out(`  ${say(t, 'cli:school.bells', { count: made.shifts })}`);
      out(`  ${say(t, 'cli:school.editLater')}`);
      out('');
      out(say(t, 'cli:school.admin', { login: made.admin.login }));
      out(
        `  ${say(t, 'cli:school.setupCode', { code: made.setupCode.code, until: day(made.setupCode.expiresAt) })}`,
      );
      out(`  ${say(t, 'cli:school.setupHow')}`);
      out('');
      out(say(t, 'cli:school.next', { code: made.school.code }));
      return 0;
    },
    'cli:school.failed',
  );
};

process.exitCode = await main(process.argv.slice(2));
