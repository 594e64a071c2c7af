/**
 * `npm run bot:add -- --school CODE --token TOKEN [--username name_bot] [--rate N] [--paid-rate N]`, `npm run bot:list`,
 * `npm run bot:disable -- --username name_bot`, `npm run bot:enable -- --username name_bot`:
 * a school's own Telegram bot without SQL. The token is stored encrypted with BOT_TOKEN_KEY (the
 * key the worker decrypts with); without --username the bot's name is asked from Telegram
 * (getMe, through TELEGRAM_API_ROOT). Exit codes: 0 done; 2 usage, validation or database problem.
 */
import { parseArgs } from 'node:util';
import { cliLanguage, cliTranslator, runOnCliDomain, say } from '../cli.ts';
import { consoleOperator } from '../imports/policy.ts';

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line = '') => process.stderr.write(`${line}\n`);

const main = async (argv: string[]): Promise<number> => {
  const [command, ...rest] = argv;
  let values;
  try {
    values = parseArgs({
      args: rest,
      options: {
        school: { type: 'string' },
        token: { type: 'string' },
        username: { type: 'string' },
        rate: { type: 'string' },
        'paid-rate': { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch {
    err(say(cliTranslator(cliLanguage(undefined)), 'cli:bots.usage'));
    return 2;
  }
  const t = cliTranslator(cliLanguage(values.lang));
  if (values.help) {
    out(say(t, 'cli:bots.usage'));
    return 0;
  }
  const required = {
    add: ['school', 'token'],
    list: [],
    disable: ['username'],
    enable: ['username'],
  }[command ?? ''] as ('school' | 'token' | 'username')[] | undefined;
  if (!required) {
    err(say(t, 'cli:bots.usage'));
    return 2;
  }
  const missing = required.filter((k) => !values[k]);
  if (missing.length > 0) {
    err(say(t, 'cli:common.missingOptions', { options: missing.map((m) => `--${m}`).join(', ') }));
    err(say(t, 'cli:bots.usage'));
    return 2;
  }
  return runOnCliDomain(t, err, async (domain) => {
    const operator = consoleOperator();
    if (command === 'add') {
      let username = values.username;
      if (!username) {
        try {
          // One Bot API call (getMe); the worker is what otherwise talks to Telegram.
          const apiRoot = process.env.TELEGRAM_API_ROOT ?? 'https://api.telegram.org';
          const res = await fetch(`${apiRoot}/bot${values.token ?? ''}/getMe`);
          const me = (await res.json()) as {
            ok: boolean;
            description?: string;
            result?: { username?: string };
          };
          if (!me.ok) throw new Error(me.description ?? `HTTP ${res.status}`);
          username = me.result?.username;
        } catch (error) {
          err(
            say(t, 'cli:bots.getMeFailed', {
              message: error instanceof Error ? error.message : String(error),
            }),
          );
          return 2;
        }
      }
      const bot = await domain.notifications.addBotAccount(operator, {
        schoolCode: values.school,
        token: values.token,
        username,
        key: process.env.BOT_TOKEN_KEY ?? null,
        ...(values.rate ? { ratePerSecond: Number(values.rate) } : {}),
        ...(values['paid-rate'] ? { paidRatePerSecond: Number(values['paid-rate']) } : {}),
      });
      out(say(t, 'cli:bots.added', { ...bot, school: bot.schoolCode }));
    } else if (command === 'list') {
      const bots = await domain.notifications.listBotAccountsOverview(operator);
      if (bots.length === 0) out(say(t, 'cli:bots.none'));
      for (const b of bots)
        out(
          say(t, 'cli:bots.listLine', {
            id: b.id,
            username: b.username,
            school: b.schoolCode ?? '—',
            state: say(t, b.isActive ? 'cli:bots.active' : 'cli:bots.inactive'),
            links: b.activeLinks,
            rate: b.paidRatePerSecond
              ? say(t, 'cli:bots.paidRate', { rate: b.paidRatePerSecond })
              : say(t, 'cli:bots.rate', { rate: b.ratePerSecond ?? '—' }),
          }),
        );
    } else {
      const isActive = command === 'enable';
      const bot = await domain.notifications.setBotAccountActive(operator, {
        username: values.username ?? '',
        isActive,
      });
      out(say(t, isActive ? 'cli:bots.enabled' : 'cli:bots.disabled', bot));
    }
    return 0;
  });
};

process.exitCode = await main(process.argv.slice(2));
