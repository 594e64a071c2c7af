/**
 * A small seeded pseudo-random generator (mulberry32), so the demo school comes out the same on
 * every machine and every run: the same names, timetable, marks and absences.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next: () => number;
  /** Integer in [min, max], both inclusive. */
  int: (min: number, max: number) => number;
  /** True with probability `p`. */
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted: <K extends string | number>(weights: readonly (readonly [K, number])[]) => K;
  shuffle: <T>(items: readonly T[]) => T[];
  /** An independent generator derived from this one and a label (stable across code changes elsewhere). */
  fork: (label: string) => Rng;
}

const hashString = (text: string): number => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
};

export const createRng = (seed: number | string): Rng => {
  let state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(next() * items.length)] as T;
  };
  const weighted = <K extends string | number>(weights: readonly (readonly [K, number])[]): K => {
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    let r = next() * total;
    for (const [key, w] of weights) {
      r -= w;
      if (r < 0) return key;
    }
    const last = weights[weights.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const seedText = String(seed);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    weighted,
    shuffle,
    fork: (label) => createRng(`${seedText}/${label}`),
  };
};
