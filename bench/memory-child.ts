// One measurement of bench/memory.ts in a fresh process, so its peak RSS is its own: a 2-page
// contract on a disk store, then one call that grows it to PAGES pages and fills every byte of them
// (and, with --commit, the commit of that). Prints JSON: the peak RSS before and after, and the bytes
// the call touched.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PAGE_SIZE as PAGE, VM } from "../host-sim/index.js";
import { wat } from "../tests/helpers/wat.js";

const pages = Number(process.argv[2]);
const commit = process.argv.includes("--commit");
const ID = new Uint8Array(32).fill(3);
const SOURCE = `(module (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
  (func (export "fill") (param i32) (result i32) (local $n i32)
    (local.set $n (i32.load (i32.const 0)))
    (drop (memory.grow (i32.sub (local.get $n) (memory.size))))
    (memory.fill (i32.const 0) (i32.const 0x5a) (i32.mul (local.get $n) (i32.const ${PAGE})))
    (i32.const 0)))`;

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
  const t0 = performance.now();
  s.callRaw(ID, "fill", arg, 1_000_000_000n);
  const call = performance.now() - t0;
  if (commit) s.commit();
  else s.close();
  const after = process.resourceUsage().maxRSS * 1024;
  vm.close();
  console.log(JSON.stringify({ before, after, touched: pages * PAGE, call }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
