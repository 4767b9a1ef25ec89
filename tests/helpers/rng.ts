// The one seedable PRNG of the tests, fuzzers, property checks and benches: mulberry32, small and fast;
// a seed fully determines the sequence, so a failing seed replays. `random(seed)` adds the helpers
// the fuzzers use; every case there is derived from (seed, iteration) through `mix`, so one failing
// case replays with `--seed S --start I --iterations 1` without running the ones before it.
export type Rng = () => number;

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32 with the helpers mutations need. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  bytes(n: number): Uint8Array;
  u32(): number;
}

export function random(seed: number): Random {
  const next = mulberry32(seed);
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (xs) => xs[int(xs.length)],
    bytes: (n) => Uint8Array.from({ length: n }, () => int(256)),
    u32: () => Math.floor(next() * 2 ** 32) >>> 0,
  };
}

/** splitmix32-style mixing of a seed and an index into an independent 32-bit state. */
export function mix(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A seed from the environment or the clock, so unseeded fuzz runs still print something to replay. */
export function defaultSeed(): number {
  const env = process.env.FUZZ_SEED;
  return env !== undefined ? Number(env) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
}
