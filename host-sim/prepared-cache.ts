// Mirrors piecrust/src/store/module.rs (the compiled module Piecrust writes beside each bytecode at deploy
// and loads instead of recompiling): host-sim keeps the rewritten (instrumented) module of each contract
// in `<store>/prepared/`, so a reopened store skips the rewrite and only compiles.
// Divergence: V8 offers Node no code cache for wasm, so the compile itself is redone on every open.
import { compileRewritten } from "./engine-flags.js";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hash as blake3 } from "./store/hash.js";
import { jsFiles, rememberedFingerprint } from "./fingerprint.js";
import { bytesEqual, toHex } from "./hex.js";
import { SHARED_MEMORY } from "./memory.js";
import { HostSimBug } from "./error.js";
import type { PreparedContract } from "./module.js";

/** The cache file's layout; bump it when the layout changes (the rewriter's own changes need nothing). */
const FORMAT = "PCASRW01";
const MAGIC = new TextEncoder().encode(FORMAT);
const SUM_LEN = 32;

/**
 * A fingerprint of the code that produces a rewrite: every compiled host-sim file (the rewriter and
 * everything it calls live in this directory and wasm/), hashed the way the build cache hashes the
 * toolchain, and remembered in the store against the files' identities. Any change to them gives a
 * new fingerprint, so a cache written by another version of the rewriter is never read.
 */
let fingerprint: string | undefined;
function rewriterFingerprint(root: string): string {
  if (fingerprint === undefined) {
    fingerprint = `${FORMAT}-${rememberedFingerprint(HERE, jsFiles(join(HERE, "wasm")), join(root, MEMO))}`.slice(0, 40);
  }
  return fingerprint;
}

/** This code's folder: dist/host-sim for the modules, dist/host-sim/bundle for the package's bundle. */
const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Where a store remembers the rewriter's fingerprint against its files' identities (fingerprint.ts):
 * one memo per folder of code, so that two copies of host-sim opening a store in turn (the package's
 * bundle and the modules a script imports from dist/host-sim) do not hash their files again each time.
 */
const MEMO_SUFFIX = ".memo";
const MEMO = `rewriter-${toHex(blake3(new TextEncoder().encode(HERE))).slice(0, 8)}${MEMO_SUFFIX}`;

/** What the rewrite of one bytecode depends on besides the rewriter: the options it ran with. */
export interface RewriteKey {
  bytecodeHash: Uint8Array;
  debug: boolean;
  threadFuel: boolean;
  batchLoops: boolean;
}

/** A kept rewrite: all of a PreparedContract but its offset map, which is remade when needed, and never profiled. */
export type KeptRewrite = Omit<PreparedContract, "offsets" | "profiled">;

/** The fields of a PreparedContract stored as JSON (the module is stored as its bytes). */
type Meta = Omit<PreparedContract, "module" | "wasm" | "functions" | "dataInit" | "offsets" | "profiled"> & {
  key: string;
  functions: string[];
  dataInit: Array<[offset: number, length: number]>;
};

/**
 * The rewritten modules of one store directory, in `<dir>/prepared/<fingerprint>/<key>`. Every file
 * is checked on load (checksum, key, layout, compile); anything wrong and the caller rewrites the
 * bytecode again. Writing is best effort: a cache that cannot be written costs only time.
 */
export class PreparedCache {
  private readonly root: string;
  private pruned = false;

  constructor(storeDir: string) {
    this.root = join(storeDir, "prepared");
  }

  /** This rewriter's directory: the fingerprint is computed on the first load or save, not at open. */
  private get dir(): string {
    return join(this.root, rewriterFingerprint(this.root));
  }

  private fileOf(k: RewriteKey): { key: string; path: string } {
    // The rewrite declares its memory import shared or not as this host allows (memory.ts).
    const key = toHex(blake3(new TextEncoder().encode(`${toHex(k.bytecodeHash)} ${k.debug} ${k.threadFuel} ${k.batchLoops} ${SHARED_MEMORY}`)));
    return { key, path: join(this.dir, key) };
  }

  /** The stored rewrite for `k`, compiled; undefined when there is none or it does not check out. */
  load(k: RewriteKey): KeptRewrite | undefined {
    const { key, path } = this.fileOf(k);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      return undefined;
    }
    try {
      return decode(bytes, key);
    } catch (e) {
      if (isDefect(e)) return undefined; // corrupt, truncated or foreign: rewrite again (and overwrite it)
      throw HostSimBug.wrap(e);
    }
  }

  save(k: RewriteKey, p: PreparedContract): void {
    const { key, path } = this.fileOf(k);
    const bytes = encode(p, key);
    try {
      this.prune();
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, path);
    } catch (e) {
      // A read-only or full store only loses the cache; anything else is a host-sim bug.
      if (typeof (e as NodeJS.ErrnoException).syscall !== "string") throw e;
    }
  }

  /**
   * Removes the rewrites of other rewriter versions but the one written last (once per VM): a store
   * that two copies of host-sim open in turn (the bundle, a script on the modules) keeps both, and a
   * rebuilt host-sim leaves only the version before it.
   */
  private prune(): void {
    if (this.pruned) return;
    this.pruned = true;
    let others: Array<{ path: string; mtimeMs: number }>;
    try {
      others = readdirSync(this.root)
        .filter((n) => !n.endsWith(MEMO_SUFFIX))
        .map((n) => join(this.root, n))
        .filter((p) => p !== this.dir)
        .map((p) => ({ path: p, mtimeMs: statSync(p).mtimeMs }));
    } catch (e) {
      // no cache directory yet, or one that cannot be read: nothing to prune
      if (typeof (e as NodeJS.ErrnoException).syscall !== "string") throw e;
      return;
    }
    others.sort((x, y) => y.mtimeMs - x.mtimeMs);
    for (const o of others.slice(1)) rmSync(o.path, { recursive: true, force: true });
  }
}

function encode(p: PreparedContract, key: string): Uint8Array {
  const meta: Meta = {
    key,
    functions: [...p.functions],
    imports: p.imports,
    initialPages: p.initialPages,
    argbuf: p.argbuf,
    dataInit: p.dataInit.map((d) => [d.offset, d.bytes.length]),
    names: p.names,
    reusable: p.reusable,
    batchedLoops: p.batchedLoops,
    threadedFunctions: p.threadedFunctions,
    memory64: p.memory64,
  };
  const json = new TextEncoder().encode(JSON.stringify(meta));
  const dataLen = p.dataInit.reduce((n, d) => n + d.bytes.length, 0);
  const out = new Uint8Array(MAGIC.length + 8 + json.length + p.wasm.length + dataLen + SUM_LEN);
  const dv = new DataView(out.buffer);
  let o = 0;
  out.set(MAGIC, o); o += MAGIC.length;
  dv.setUint32(o, json.length, true); o += 4;
  out.set(json, o); o += json.length;
  dv.setUint32(o, p.wasm.length, true); o += 4;
  out.set(p.wasm, o); o += p.wasm.length;
  for (const d of p.dataInit) {
    out.set(d.bytes, o);
    o += d.bytes.length;
  }
  out.set(blake3(out.subarray(0, o)), o);
  return out;
}

/** A cache file that does not check out: it is rewritten, never reported. */
class DefectiveFile extends Error {}

/**
 * What a defective file makes decode throw: its own checks, and past them (a file another writer
 * gave a valid checksum) bad JSON, a length past the end, or bytes V8 does not compile. Anything
 * else is host-sim's own fault.
 */
function isDefect(e: unknown): boolean {
  return e instanceof DefectiveFile || e instanceof SyntaxError || e instanceof RangeError || e instanceof WebAssembly.CompileError;
}

/** Parses and checks a cache file; throws on any defect. */
function decode(bytes: Uint8Array, key: string): KeptRewrite {
  const fail = (why: string): never => {
    throw new DefectiveFile(`prepared cache: ${why}`);
  };
  if (bytes.length < MAGIC.length + 8 + SUM_LEN) fail("truncated");
  const body = bytes.subarray(0, bytes.length - SUM_LEN);
  if (!bytesEqual(blake3(body), bytes.subarray(body.length))) fail("checksum mismatch");
  if (!bytesEqual(body.subarray(0, MAGIC.length), MAGIC)) fail("bad magic");
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let o = MAGIC.length;
  const jsonLen = dv.getUint32(o, true); o += 4;
  const meta = JSON.parse(new TextDecoder().decode(body.subarray(o, o + jsonLen))) as Meta;
  o += jsonLen;
  if (meta.key !== key) fail("written for another key");
  const wasmLen = dv.getUint32(o, true); o += 4;
  const wasm = body.slice(o, o + wasmLen);
  o += wasmLen;
  const dataInit = meta.dataInit.map(([offset, length]) => {
    const d = { offset, bytes: body.slice(o, o + length) };
    o += length;
    return d;
  });
  if (o !== body.length || wasm.length !== wasmLen) fail("bad lengths");
  return {
    module: compileRewritten(wasm),
    wasm,
    functions: new Set(meta.functions),
    imports: meta.imports,
    initialPages: meta.initialPages,
    argbuf: meta.argbuf,
    dataInit,
    names: meta.names,
    reusable: meta.reusable,
    batchedLoops: meta.batchedLoops,
    threadedFunctions: meta.threadedFunctions,
    memory64: meta.memory64 === true,
  };
}
