// Compute-heavy work as AssemblyScript contracts do it (allocation, typed arrays, Array#sort with a
// comparator reached through call_indirect): `npm run bench` times it metered against unmetered, and
// tests/sim/workload.test.ts checks its results against TypeScript.

@contract
class Workload {
  /** n xorshift64 values, sorted; returns the sum of every 97th. */
  sort(n: u32): u64 {
    const a = new Array<u64>(n);
    let x: u64 = 88172645463325252;
    for (let i: u32 = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      a[i] = x;
    }
    a.sort((p: u64, q: u64): i32 => (p < q ? -1 : p > q ? 1 : 0));
    let s: u64 = 0;
    for (let i: u32 = 0; i < n; i += 97) s += a[i];
    return s;
  }

  /** `rounds` passes of an FNV-style mix over a 4 KiB buffer that each pass rewrites. */
  hash(rounds: u32): u64 {
    let h: u64 = 1469598103934665603;
    const buf = new Uint8Array(4096);
    for (let r: u32 = 0; r < rounds; r++) {
      for (let i = 0; i < buf.length; i++) {
        h = (h ^ (<u64>buf[i] + r)) * 1099511628211;
        buf[i] = <u8>h;
      }
    }
    return h;
  }
}
