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
/**
 * Admits one send now, or says how long to wait: {0} admitted, {1, ms} paused by a 429, {2, ms}
 * the log is full. The log holds every send that may have reached Telegram within the last
 * second: those finished less than a second ago and those still in flight (scored far ahead until
 * `FINISH` stamps them). Telegram received each of them between its admission and its finish, so
 * at most `limit` of them can fall into any one second as Telegram counts — whatever a busy
 * machine does to the time between our admission and their arrival.
 */
const ADMIT_BODY = `
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

const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
${ADMIT_BODY}`;

/**
 * RESERVE and, when the reserved slot is now, ADMIT in the same call (one round trip for the
 * usual send): {3, ms} says the slot is `ms` away (wait, then ADMIT); otherwise ADMIT's answer.
 */
const NEXT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, free)
redis.call('SET', KEYS[1], tostring(slot + tonumber(ARGV[3])), 'PX', math.floor(slot - now) + 60000)
if slot > now then return {3, math.floor(slot - now)} end
${ADMIT_BODY}`;

/** The sends of ARGV are over: each counts until a second from now. */
const FINISH = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now, ARGV[i]) end
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

type Script = (...args: string[]) => Promise<unknown>;

/** A script sent once and then called by its hash (ioredis reloads it after a Redis restart). */
const script = (redis: Redis, name: string, keys: number, lua: string): Script => {
  const commands = redis as unknown as Record<string, Script | undefined>;
  if (!commands[name]) redis.defineCommand(name, { numberOfKeys: keys, lua });
  return (...args) => (commands[name] as Script).apply(redis, args);
};

export const createPacer = (
  redis: Redis,
  { prefix, bot, ratePerSecond }: { prefix: string; bot: string; ratePerSecond: number },
): Pacer => {
  const slotKey = `${prefix}:pace:${bot}:slot`;
  const pauseKey = `${prefix}:pace:${bot}:paused`;
  const logKey = `${prefix}:pace:${bot}:log`;
  const interval = String(1_000 / ratePerSecond);
  const rate = String(ratePerSecond);
  const me = randomBytes(6).toString('base64url');
  let counter = 0;
  const nextScript = script(redis, 'sabakPaceNext', 3, NEXT);
  const admitScript = script(redis, 'sabakPaceAdmit', 3, ADMIT);
  const finishScript = script(redis, 'sabakPaceFinish', 1, FINISH);
  const pauseScript = script(redis, 'sabakPacePause', 2, PAUSE);
  // Finished sends are stamped together, a moment later: until stamped a send counts as still in
  // flight, which only errs on the safe side. A failed stamp (Redis away) is dropped for the same
  // reason — and must not fail a job whose message Telegram already has.
  let finishing: string[] = [];
  const stamp = () => {
    const members = finishing;
    finishing = [];
    finishScript(logKey, ...members).catch(() => undefined);
  };
  const finish = (member: string) => {
    if (finishing.push(member) === 1) setTimeout(stamp, 2);
  };
  return {
    next: async () => {
      for (;;) {
        let member = `${me}-${counter++}`;
        let [verdict = 0, ms = 0] = (await nextScript(
          slotKey,
          pauseKey,
          logKey,
          rate,
          member,
          interval,
        )) as number[];
        while (verdict !== 0 && verdict !== 1) {
          // 3: the reserved slot is `ms` away; 2: the last second is full for `ms` more.
          await sleep(ms);
          member = `${me}-${counter++}`;
          [verdict = 0, ms = 0] = (await admitScript(
            slotKey,
            pauseKey,
            logKey,
            rate,
            member,
          )) as number[];
        }
        if (verdict === 0) {
          const admitted = member;
          return () => {
            finish(admitted);
            return Promise.resolve();
          };
        }
        // 1: paused by a 429; take a fresh slot behind the pause.
        await sleep(ms);
      }
    },
    pause: async (ms) => {
      await pauseScript(slotKey, pauseKey, String(ms));
    },
  };
};
