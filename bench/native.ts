// Real Piecrust 0.32.2's figures for the same work as bench/cold.ts and bench/roots.ts, recorded on
// this kind of machine (bench/reference/native-piecrust.json says how). A recorded range, not a
// measurement of this run: the ratios beside it say how host-sim compares, with the range's spread.
import { readFileSync } from "node:fs";
import { fmt } from "./harness.js";

type Range = [number, number];

interface NativeReference {
  cold: Record<string, { openMs: Range; firstCallMs: Range; warmUs: Range }>;
  state: Record<string, { rootMs: Range; rootAgainMs: Range; commitMs: Range }>;
}

export const NATIVE: NativeReference = JSON.parse(readFileSync(new URL("../../bench/reference/native-piecrust.json", import.meta.url), "utf8"));

/** "a–b ms" for a range of milliseconds. */
export function fmtRange([lo, hi]: Range): string {
  return lo === hi ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`;
}

/** host-sim's `ms` over the native range: "x–y×" (over the slowest native run, then the fastest). */
export function overNative(ms: number, [lo, hi]: Range): string {
  const a = (ms / hi).toFixed(2);
  const b = (ms / lo).toFixed(2);
  return a === b ? `${a}×` : `${a}–${b}×`;
}

/** The sum of several ranges, end by end. */
export function sumRanges(ranges: Range[]): Range {
  return ranges.reduce<Range>((s, r) => [s[0] + r[0], s[1] + r[1]], [0, 0]);
}
