// Gas of the contract calls made by specs: the records the test host writes, the per-function
// report of `piecrust-as test --gas-report` and the `.gas-snapshot` file with its diff.

import type { CallTreeElem } from "../host-sim/index.js";

/** One successful call: the contract's name, the function and the gas it spent, its callees' included. */
export interface GasRecord {
  contract: string;
  fn: string;
  gas: string;
}

/**
 * Every call of a receipt's call tree with its total gas: the node's own gas plus its callees'. The
 * tree is in reverse post-order, so a node's callees come right before it, deeper than it.
 */
export function callsOfTree(tree: CallTreeElem[]): Array<{ elem: CallTreeElem; gas: bigint }> {
  const out: Array<{ elem: CallTreeElem; gas: bigint }> = [];
  const done: Array<{ depth: number; gas: bigint }> = [];
  for (const elem of tree) {
    let gas = elem.spent;
    while (done.length && done[done.length - 1].depth > elem.depth) {
      const child = done.pop()!;
      if (child.depth === elem.depth + 1) gas += child.gas;
    }
    done.push({ depth: elem.depth, gas });
    out.push({ elem, gas });
  }
  return out;
}

export interface GasRow {
  contract: string;
  fn: string;
  calls: number;
  min: bigint;
  median: bigint;
  mean: bigint;
  max: bigint;
}

/** Per contract and function, sorted by name: calls, min, median (lower middle), mean (floor), max. */
export function summarize(records: GasRecord[]): GasRow[] {
  const groups = new Map<string, { contract: string; fn: string; gas: bigint[] }>();
  for (const r of records) {
    const key = `${r.contract}\u0000${r.fn}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { contract: r.contract, fn: r.fn, gas: [] }));
    g.gas.push(BigInt(r.gas));
  }
  return [...groups.values()]
    .sort((a, b) => (a.contract === b.contract ? cmp(a.fn, b.fn) : cmp(a.contract, b.contract)))
    .map(({ contract, fn, gas }) => {
      const sorted = [...gas].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      const n = sorted.length;
      // Even counts average the two middle values (rounded down), as Foundry's report does.
      const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2n;
      const sum = sorted.reduce((s, g) => s + g, 0n);
      return { contract, fn, calls: n, min: sorted[0], median, mean: sum / BigInt(n), max: sorted[n - 1] };
    });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A table per contract: function, calls, min, median, mean, max. */
export function formatReport(rows: GasRow[]): string {
  if (!rows.length) return "gas report: no contract calls succeeded in this run\n";
  const out: string[] = [];
  for (const contract of [...new Set(rows.map((r) => r.contract))]) {
    const table = [["function", "calls", "min", "median", "mean", "max"]];
    for (const r of rows.filter((x) => x.contract === contract)) {
      table.push([r.fn, String(r.calls), String(r.min), String(r.median), String(r.mean), String(r.max)]);
    }
    const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
    out.push(`${contract}`);
    for (const row of table) out.push("  " + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
    out.push("");
  }
  return out.join("\n");
}

/** `.gas-snapshot`: one line per contract function, sorted, stable across runs. */
export function snapshotText(rows: GasRow[]): string {
  const lines = rows.map((r) => `${r.contract}::${r.fn} (calls: ${r.calls}, min: ${r.min}, median: ${r.median}, mean: ${r.mean}, max: ${r.max})`).sort();
  return lines.join("\n") + "\n";
}

/** The lines that differ, as a readable diff ("-" the snapshot, "+" this run); empty when equal. */
export function snapshotDiff(before: string, after: string): string {
  const key = (line: string) => line.slice(0, line.indexOf(" ("));
  const parse = (text: string) => new Map(text.split("\n").filter((l) => l.trim()).map((l) => [key(l), l] as const));
  const old = parse(before);
  const now = parse(after);
  const out: string[] = [];
  for (const k of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(k);
    const b = now.get(k);
    if (a === b) continue;
    if (a) out.push(`- ${a}`);
    if (b) out.push(`+ ${b}`);
  }
  return out.join("\n");
}
