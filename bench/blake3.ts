// BLAKE3 (issue 21): host-sim's own (store/blake3.ts: the chunk tree, exposed for incremental page
// hashes, over store/blake3-kernel.ts's WebAssembly compression) against hash-wasm's WebAssembly
// BLAKE3, a well-kept package, on the sizes the state hashes: 64 KiB pages and 128-byte page-tree
// nodes. Same digests are checked first. The package would replace ours only where it is faster and
// loses nothing: it has no chunk-tree access (a page root after a small write re-hashes one 1 KiB
// chunk and its parents here, the whole page there) and loads asynchronously.
import { blake3 } from "../host-sim/store/blake3.js";
import { PAGE_SIZE } from "../host-sim/index.js";
import { toHex } from "../host-sim/hex.js";
import { PageHasher } from "../host-sim/store/page-hasher.js";
import { fmt, report, time } from "./harness.js";

export async function blake3Bench(): Promise<void> {
  const t0 = performance.now();
  const { createBLAKE3 } = await import("hash-wasm");
  const wasm = await createBLAKE3();
  const load = performance.now() - t0;
  const theirs = (d: Uint8Array): Uint8Array => {
    wasm.init();
    wasm.update(d);
    return wasm.digest("binary");
  };

  const page = new Uint8Array(PAGE_SIZE);
  for (let i = 0; i < page.length; i++) page[i] = (i * 131 + (i >> 9)) & 255;
  const node = page.subarray(0, 128);
  for (const len of [0, 1, 64, 128, 1024, 1025, 4096, PAGE_SIZE]) {
    const d = page.subarray(0, len);
    if (toHex(blake3(d)) !== toHex(theirs(d))) throw new Error(`bench: BLAKE3 digests differ at ${len} bytes`);
  }
  console.log(`same digests on 8 sizes up to a page; hash-wasm's import and instantiation: ${fmt(load)} (asynchronous)`);
  let n = 0;
  const pageOurs = time(() => (page[0] = n++, void blake3(page)), { iterations: 50 });
  const pageTheirs = time(() => (page[0] = n++, void theirs(page)), { iterations: 50 });
  report("  64 KiB page: store/blake3.ts vs hash-wasm", pageOurs, pageTheirs);
  const nodeOurs = time(() => (node[1] = n++, void blake3(node)), { iterations: 5000 });
  const nodeTheirs = time(() => (node[1] = n++, void theirs(node)), { iterations: 5000 });
  report("  128-byte node: store/blake3.ts vs hash-wasm", nodeOurs, nodeTheirs);
  // What a root after a one-byte write pays for the page: one chunk and the parents above it here,
  // against hash-wasm hashing the whole page again.
  const committed = page.slice();
  const committedHash = blake3(committed);
  const hasher = new PageHasher(() => committed);
  const rehash = time(() => {
    page[5000] = n++;
    hasher.hash(page, committedHash, "bench");
  }, { iterations: 200 });
  report("  page after a 1-byte write: incremental (ours) vs hash-wasm's whole page", rehash, pageTheirs);
}
