import type { DomainDeps } from './deps.ts';
import { guardUnavailable } from './unavailable.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- use cases differ in their arguments
type UseCase = (deps: DomainDeps, ...args: any[]) => unknown;

export type Bound<T extends Record<string, UseCase>> = {
  [K in keyof T]: T[K] extends (deps: DomainDeps, ...args: infer A) => infer R
    ? (...args: A) => R
    : never;
};

/**
 * Binds an area's use cases to the deps, so apps call `domain.journal.recordMark(actor, input)`.
 * A lost or refused database connection leaves every use case as `UNAVAILABLE`.
 */
export const bindArea = <T extends Record<string, UseCase>>(deps: DomainDeps, fns: T): Bound<T> =>
  Object.fromEntries(
    Object.entries(fns).map(([name, fn]) => [
      name,
      guardUnavailable((...args: unknown[]) => fn(deps, ...args)),
    ]),
  ) as Bound<T>;
