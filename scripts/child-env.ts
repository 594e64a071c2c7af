/** What `npm start` hands to the apps it starts as child processes. */

/**
 * The environment of every app the script starts: the database (with the embedded database's
 * pool and statement settings) and the SERVICE_TOKEN, so the bot and the worker share the API's
 * secret without anyone copying it by hand.
 */
export const childEnvironment = (
  base: NodeJS.ProcessEnv,
  p: { databaseUrl: string; serviceToken: string; port: number; embedded: boolean },
): NodeJS.ProcessEnv => ({
  ...base,
  DATABASE_URL: p.databaseUrl,
  SERVICE_TOKEN: p.serviceToken,
  PORT: String(p.port),
  // PGlite runs one query at a time; a small pool per app avoids long queues at its door.
  // PGlite is one backend behind a socket multiplexer: named statements would collide there.
  ...(p.embedded
    ? { DB_POOL_SIZE: base.DB_POOL_SIZE ?? '3', DB_PREPARED_STATEMENTS: 'false' }
    : {}),
});
