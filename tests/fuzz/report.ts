// What every fuzz suite returns: counts of outcomes and the failures, each with what it takes to
// replay it alone.
import { HostSimBug } from "../../host-sim/index.js";

export interface FuzzOptions {
  seed: number;
  iterations: number;
  /** First iteration (to replay one case: --start I --iterations 1). */
  start?: number;
  /** Called before each iteration; the watchdog uses it as a heartbeat. */
  onProgress?: (iteration: number) => void;
  /** Stop after this many failures (default 10). */
  maxFailures?: number;
}

export interface FuzzFailure {
  suite: string;
  seed: number;
  iteration: number;
  message: string;
}

export interface FuzzReport {
  suite: string;
  seed: number;
  start: number;
  iterations: number;
  stats: Record<string, number>;
  failures: FuzzFailure[];
}

export function replayHint(f: { suite: string; seed: number; iteration: number }): string {
  return `node dist/scripts/fuzz.js --suite ${f.suite} --seed ${f.seed} --start ${f.iteration} --iterations 1`;
}

export function formatFailure(f: FuzzFailure): string {
  return `[${f.suite}] seed=${f.seed} iteration=${f.iteration}: ${f.message}\n  replay: ${replayHint(f)}`;
}

export function bump(stats: Record<string, number>, key: string): void {
  stats[key] = (stats[key] ?? 0) + 1;
}

/** Describes anything thrown, with its class, for failure messages. */
export function describe(e: unknown): string {
  // A HostSimBug's stack ends with its cause's: show both, since the cause is the finding.
  if (e instanceof HostSimBug) return `HOST-SIM BUG: ${e.message}\n${e.stack?.split("\n").slice(1, 12).join("\n") ?? ""}`;
  if (e instanceof Error) return `${e.constructor.name}: ${e.message}\n${e.stack?.split("\n").slice(1, 6).join("\n") ?? ""}`;
  return `${typeof e}: ${String(e)}`;
}
