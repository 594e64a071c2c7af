/**
 * The fake Bot API in a process of its own for `bench:notify`: Telegram is not in the worker's
 * process either, and the fake's own HTTP work then neither slows the pipeline nor delays the
 * timers that pace it. Prints its apiRoot as the first line; `/__stats` tells what it accepted.
 */
import { startFakeBotApi } from '../worker/test/fake-bot-api.ts';

const rate = process.env.FAKE_RATE ? Number(process.env.FAKE_RATE) : undefined;
const fake = await startFakeBotApi({ ratePerSecond: rate });
console.log(fake.apiRoot);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
