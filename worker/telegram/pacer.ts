import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The send pace of one bot, kept in Redis so every worker process shares it: each send reserves
 * the next free slot (`1000 / rate` ms after the previous one, Redis's clock) and waits for it.
 * Sends then reach Telegram evenly spaced, right before the HTTP call — a fixed-window limiter in
 * front of the job (claiming and rendering take a variable time) let bursts of two windows meet
 * within one second and drew 429s. At its slot a send is admitted only if fewer than `rate` sends
 * may have reached Telegram within the last second (see ADMIT): late timers and slow answers on a
 * busy machine cannot bunch sends past the limit. A 429 pushes the next free slot past
 * `retry_after`; a send that reserved its slot before the 429 checks again when it wakes.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, free)
redis.call('SET', KEYS[1], tostring(slot + tonumber(ARGV[1])), 'PX', math.floor(slot - now) + 60000)
return math.floor(slot - now)`;

/**
 * Admits one send now, or says how long to wait: {0} admitted, {1, ms} paused by a 429, {2, ms}
 * the log is full. The log holds every send that may have reached Telegram within the last
 * second: those finished less than a second ago and those still in flight (scored far ahead until
 * `FINISH` stamps them). Telegram received each of them between its admission and its finish, so
 * at most `limit` of them can fall into any one second as Telegram counts — whatever a busy
 * machine does to the time between our admission and their arrival.
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if pausedUntil > now then return {1, math.floor(pausedUntil - now)} end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 1000)
if redis.call('ZCARD', KEYS[3]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[3], now + 60000, ARGV[2])
  redis.call('PEXPIRE', KEYS[3], 120000)
  return {0, 0}
end
local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
return {2, math.max(1, math.min(1000, math.floor(tonumber(oldest[2]) + 1001 - now)))}`;

/** The send of ARGV[1] is over: it counts until a second from now. */
const FINISH = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 0`;

const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
redis.call('SET', KEYS[2], tostring(untilMs), 'PX', tonumber(ARGV[1]))
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if free < untilMs then
  redis.call('SET', KEYS[1], tostring(untilMs), 'PX', tonumber(ARGV[1]) + 60000)
end
return 0`;

export interface Pacer {
  /** Resolves when this bot may send the next message, with what to call once it is answered. */
  next: () => Promise<() => Promise<void>>;
  /** Telegram said 429: no send of this bot before `ms` from now. */
  pause: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const createPacer = (
  redis: Redis,
  { prefix, bot, ratePerSecond }: { prefix: string; bot: string; ratePerSecond: number },
): Pacer => {
  const slotKey = `${prefix}:pace:${bot}:slot`;
  const pauseKey = `${prefix}:pace:${bot}:paused`;
  const logKey = `${prefix}:pace:${bot}:log`;
  const interval = 1_000 / ratePerSecond;
  const me = randomBytes(6).toString('base64url');
  let counter = 0;
  return {
    next: async () => {
      for (;;) {
        const wait = Number(await redis.eval(RESERVE, 1, slotKey, String(interval)));
        if (wait > 0) await sleep(wait);
        for (;;) {
          const member = `${me}-${counter++}`;
          const [verdict = 0, ms = 0] = (await redis.eval(
            ADMIT,
            3,
            slotKey,
            pauseKey,
            logKey,
            String(ratePerSecond),
            member,
          )) as number[];
          if (verdict === 0)
            return async () => {
              await redis.eval(FINISH, 1, logKey, member);
            };
          await sleep(ms);
          // After a 429 pause, take a fresh slot behind it; a full second only needs a moment.
          if (verdict === 1) break;
        }
      }
    },
    pause: async (ms) => {
      await redis.eval(PAUSE, 2, slotKey, pauseKey, String(ms));
    },
  };
};
