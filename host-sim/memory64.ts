// Mirrors piecrust/src/imports/wasm64.rs and the wasm64 side of piecrust/src/store/memory.rs: what
// differs for a memory64 contract, and whether this engine can run one at all.
import { VMError } from "./error.js";
import { WASM32_MAX_PAGES } from "./memory.js";
import { encodeModule } from "./wasm/module.js";

/** Piecrust's reservation for a wasm64 memory (2^26 pages = 4 TiB): check_ptr's bound for wasm64. */
export const WASM64_RESERVATION = 2 ** 42;

/** The first Node release whose WebAssembly runs memory64 modules (V8 13.6, memory64 shipped). */
export const MEMORY64_NODE = "24";

/** The smallest module with a 64-bit memory: `(module (memory i64 0))`. */
const PROBE = encodeModule(
  { types: [], imports: [], functions: [], tables: [], memories: [{ min: 0n, shared: false, is64: true }], globals: [], exports: [], bodies: [], data: [], hasTagSection: false },
  () => new Uint8Array(0),
);

let supported: boolean | undefined;

/** Whether this engine's WebAssembly has memory64 (Node 24 and later; not Node 20). */
export function engineHasMemory64(): boolean {
  return (supported ??= WebAssembly.validate(PROBE as Uint8Array<ArrayBuffer>));
}

/**
 * A memory64 contract on an engine without memory64: host-sim cannot run it here, though Piecrust
 * would. Not the contract's fault: the fix is a newer Node.
 */
export class Memory64UnsupportedError extends VMError {
  constructor() {
    super(
      "RuntimeError",
      `host-sim cannot run this memory64 (wasm64) contract on Node ${process.versions.node}: its WebAssembly has no memory64. ` +
        `Run it on Node ${MEMORY64_NODE} or later (Piecrust accepts it)`,
      { stage: "instantiate", needsNode: MEMORY64_NODE, node: process.versions.node },
    );
  }
}

/**
 * Deploy-time check of a memory64 contract against what host-sim can give it: an engine with
 * memory64, and an initial memory inside host-sim's 4 GiB (Piecrust reserves 4 TiB; V8 cannot).
 */
export function checkMemory64(initialPages: bigint): void {
  if (!engineHasMemory64()) throw new Memory64UnsupportedError();
  if (initialPages > BigInt(WASM32_MAX_PAGES)) {
    throw new VMError(
      "RuntimeError",
      `host-sim cannot run this memory64 (wasm64) contract: its initial memory of ${initialPages} pages is past host-sim's ` +
        `4 GiB (${WASM32_MAX_PAGES} pages), though Piecrust reserves 2^26 pages; declare a smaller initial memory`,
      { stage: "instantiate", pages: initialPages, max: WASM32_MAX_PAGES },
    );
  }
}
