// One measurement of bench/memory.ts in a fresh process, so its peak RSS is its own: a 2-page
// contract on a disk store, then one call that grows it to PAGES pages (up to 65,536: 4 GiB) and
// fills every byte of them (and, with --commit, the commit of that; with --reopen also, the store
// reopened, the last page read back, and every page rewritten by one more call). Prints JSON: the peak RSS before and after, the resident
// set once the call has returned, the bytes the call touched, and the times.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PAGE_SIZE as PAGE, VM } from "../host-sim/index.js";
import { wat } from "../tests/helpers/wat.js";

const pages = Number(process.argv[2]);
const reopen = process.argv.includes("--reopen");
const commit = reopen || process.argv.includes("--commit");
const ID = new Uint8Array(32).fill(3);
const HALF = 32768;
// memory.fill's length is an i32, so 4 GiB is filled as two halves.
const SOURCE = `(module (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
  (func (export "fill") (param i32) (result i32) (local $n i32)
    (local.set $n (i32.load (i32.const 0)))
    (drop (memory.grow (i32.sub (local.get $n) (memory.size))))
    (if (i32.ge_u (local.get $n) (i32.const ${HALF}))
      (then
        (memory.fill (i32.const 0) (i32.const 0x5a) (i32.const ${HALF * PAGE}))
        (memory.fill (i32.const ${HALF * PAGE}) (i32.const 0x5a) (i32.mul (i32.sub (local.get $n) (i32.const ${HALF})) (i32.const ${PAGE}))))
      (else (memory.fill (i32.const 0) (i32.const 0x5a) (i32.mul (local.get $n) (i32.const ${PAGE})))))
    (i32.const 0))
  (func (export "last") (param i32) (result i32)
    (i32.store (i32.const 0) (i32.load (i32.sub (i32.mul (memory.size) (i32.const ${PAGE})) (i32.const 4))))
    (i32.const 4)))`;

const dir = mkdtempSync(join(tmpdir(), "pcas-bench-rss-"));
try {
  const vm = await VM.open(dir);
  const s = await vm.session({});
  s.deploy(await wat(SOURCE), { owner: new Uint8Array(32), contractId: ID }, 1_000_000n);
  const arg = new Uint8Array(4);
  new DataView(arg.buffer).setUint32(0, pages, true);
  // the same call on another contract first, so that compiling and first-call costs are in the baseline
  const warm = new Uint8Array(32).fill(4);
  s.deploy(await wat(SOURCE), { owner: new Uint8Array(32), contractId: warm }, 1_000_000n);
  s.callRaw(warm, "fill", new Uint8Array([3, 0, 0, 0]), 1_000_000_000n);
  const before = process.resourceUsage().maxRSS * 1024;
  const residentBefore = process.memoryUsage.rss();
  const t0 = performance.now();
  const receipt = s.callRaw(ID, "fill", arg, 1_000_000_000n);
  const call = performance.now() - t0;
  // What the session still holds once the call's frame has ended (its snapshot pages should be gone).
  const resident = process.memoryUsage.rss() - residentBefore;
  let commitMs = 0;
  let root: Uint8Array | undefined;
  if (commit) {
    const t1 = performance.now();
    root = s.commit();
    commitMs = performance.now() - t1;
  } else s.close();
  const after = process.resourceUsage().maxRSS * 1024;
  vm.close();
  let reopenMs = 0;
  let loadPeak = 0;
  let rewritePeak = 0;
  if (reopen) {
    const t2 = performance.now();
    const again = await VM.open(dir);
    const r = await again.session({ base: root });
    const peak0 = process.resourceUsage().maxRSS * 1024;
    const last = r.callRaw(ID, "last", new Uint8Array(0), 1_000_000n).data;
    reopenMs = performance.now() - t2;
    const peak1 = process.resourceUsage().maxRSS * 1024;
    if (r.memoryLen(ID) !== pages * PAGE || last.join() !== "90,90,90,90") throw new Error(`reopened state: ${r.memoryLen(ID)} bytes, last word ${last.join()}`);
    // One call rewriting every stored page: its frame must keep no second copy of them.
    r.callRaw(ID, "fill", arg, 1_000_000_000n);
    rewritePeak = process.resourceUsage().maxRSS * 1024 - peak1;
    loadPeak = peak1 - peak0;
    r.close();
    again.close();
  }
  console.log(JSON.stringify({ before, after, resident, touched: pages * PAGE, call, gas: String(receipt.gasSpent), commitMs, reopenMs, loadPeak, rewritePeak }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
