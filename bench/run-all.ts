/** `npm run bench`: runs every `bench/*.bench.ts` one after another (they would skew each other). */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', file)], {
      cwd: root,
      stdio: 'inherit',
    });
    child.once('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) {
    failed++;
    console.error(`${file} exited with code ${code}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
