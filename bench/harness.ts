// Benchmark helpers: best-of-N timing of a function, and ratio printing. Ratios are measured in
// one run so machine noise largely cancels; nothing here asserts a time.
export function time(fn: () => void, opts: { iterations?: number; rounds?: number } = {}): number {
  const iterations = opts.iterations ?? 1;
  const rounds = opts.rounds ?? 5;
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    best = Math.min(best, (performance.now() - t0) / iterations);
  }
  return best;
}

export function fmt(ms: number): string {
  return ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

export function report(label: string, a: number, b: number, target?: string): void {
  const ratio = a / b;
  console.log(`${label.padEnd(58)} ${fmt(a).padStart(10)} / ${fmt(b).padStart(10)} = ${ratio.toFixed(2)}×${target ? `  (target ${target})` : ""}`);
}
