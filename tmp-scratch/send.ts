import { spawn } from 'node:child_process';
import { Api } from 'grammy';
import { Agent, request } from 'undici';
const child = spawn(process.execPath, ['--import', 'tsx', 'bench/fake-bot-api-child.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
const apiRoot = await new Promise<string>((r) => child.stdout.once('data', (b: Buffer) => r(b.toString().split('\n')[0]!)));
const N = 6000, C = 100;
const run = async (name: string, f: (i: number) => Promise<unknown>) => {
  let i = 0; const t0 = performance.now(); const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: C }, async () => { while (i < N) await f(i++); }));
  const cpu = process.cpuUsage(c0); const ms = performance.now() - t0;
  console.log(name.padEnd(20), (N / ms * 1000).toFixed(0), '/s', ((cpu.user + cpu.system) / 1000 / N).toFixed(3), 'ms CPU/send');
};
const text = 'Ата-энелер чогулушу: Жума күнү саат 18:00дө мектептин залында.';
const kb = { reply_markup: { inline_keyboard: [[{ text: 'Кароо', callback_data: 'n:a:12' }]] }, link_preview_options: { is_disabled: true } };
const grammy = new Api('1:a', { apiRoot });
const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
const undiciFetch = (async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => {
  const res = await request(url, { method: (init.method ?? 'GET') as 'POST', headers: init.headers, body: init.body, signal: init.signal, dispatcher });
  return { json: () => res.body.json() };
}) as unknown as typeof fetch;
const viaUndici = new Api('1:a', { apiRoot, fetch: undiciFetch });
for (let k = 0; k < 2; k++) {
  await run('grammy node-fetch', (i) => grammy.sendMessage(1000 + i, text, kb));
  await run('grammy undici', (i) => viaUndici.sendMessage(1000 + i, text, kb));
  await run('undici raw', (i) => request(`${apiRoot}/bot1:a/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: i, text, ...kb }), dispatcher }).then((r) => r.body.json()));
}
child.kill(); process.exit(0);
