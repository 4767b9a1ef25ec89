// Mirrors piecrust/src/vm.rs: the VM handle — store, host queries, compiled-module cache, sessions
// and commit management (delete/finalize deferred while a live session is based on the commit).
import { hash as blake3 } from "./store/hash.js";
import { lazyOffsets } from "./backtrace.js";
import { DebugInfo } from "./debug-info.js";
import type { EngineLimits } from "./engine-limits.js";
import { HostSimBug, VMError } from "./error.js";
import { DuskProfileError } from "./dusk/errors.js";
import type { DuskOptions, DuskProfile } from "./dusk/profile.js";
import { checkId, compareBytes, toHex } from "./hex.js";
import { HostQuery } from "./imports.js";
import { prepareContract, PreparedContract } from "./module.js";
import type { PreparedCache } from "./prepared-cache.js";
import { Session, SessionOptions } from "./session.js";
import { StoreError } from "./store/errors.js";
import type { FsLayer } from "./store/fs-layer.js";
import { Store } from "./store/store.js";
import { hostExhausted } from "./trap.js";

/**
 * Options of `VM.ephemeral` and `VM.open`: execution strategies (all observably identical to Piecrust) and
 * debug printing.
 */
export interface VMOptions {
  /**
   * Reuse a contract's instance across top-level calls, with every global reset to its initial
   * value, when its module cannot change tables or segment state (default true). Observably
   * identical to Piecrust's fresh instance per call; false forces a new instance every time.
   */
  reuseInstances?: boolean;
  /**
   * Pass the fuel (and the modelled stack count) through direct wasm-to-wasm calls as extra
   * parameters and a result instead of the store-visible globals (default true): observably
   * identical — same gas, same checks, same OutOfGas and stack-overflow points — and much faster
   * for call-heavy code; false keeps wasmtime's scheme.
   */
  threadFuel?: boolean;
  /**
   * Check the fuel once per batch of iterations in small innermost loops without calls, where it
   * provably cannot run out within the batch (default true): observably identical, fewer checks.
   */
  batchLoops?: boolean;
  /** Print hdebug messages as `CONTRACT DEBUG <msg>` (they are always kept in session.debugOutput()). */
  printDebug?: boolean;
  /** The file-system calls of an on-disk store (default node:fs); tests inject failures with it. */
  fs?: FsLayer;
  /**
   * "piecrust" (default): bare Piecrust. "dusk": Dusk's VM (rusk's vm crate), with Dusk's host
   * queries and `chain_id`/`block_height` metadata in every session (docs/dusk-profile.md).
   */
  profile?: "piecrust" | "dusk";
  /** The Dusk profile's settings (only with profile "dusk"). */
  dusk?: DuskOptions;
  /** @internal The engine's module limits (default V8's); the fuzzer sets small ones to reach them cheaply. */
  engineLimits?: EngineLimits;
}

/**
 * A Piecrust VM in TypeScript (Piecrust's `VM`): holds the commits of contract state, in memory or in a
 * store directory, and opens sessions on them. Create one with `VM.ephemeral()` or `VM.open(dir)`.
 */
export class VM {
  /** The host queries registered with `registerHostQuery`, by name; each new session offers them. */
  readonly hostQueries = new Map<string, HostQuery>();
  private readonly prepared = new Map<string, PreparedContract>();
  /** The rewritten modules kept in the store directory (none for an ephemeral VM). */
  private readonly rewrites: PreparedCache | null;
  /** Builds' debug info by the hash of the bytes they describe (addDebugInfo). */
  private readonly debugInfos = new Map<string, DebugInfo>();
  /** A session dropped without close() or commit() still releases its base, as Rust's Drop does. */
  private readonly dropped = new FinalizationRegistry<Uint8Array | null>((base) => {
    try {
      this.store.release(base);
    } catch {
      // the store was closed meanwhile: nothing left to release
    }
  });
  /** Whether contracts' debug messages are printed (`VMOptions.printDebug`). */
  readonly printDebug: boolean;
  /** Whether instances are reused across top-level calls (`VMOptions.reuseInstances`). */
  readonly reuseInstances: boolean;
  /** Whether fuel is threaded through direct calls (`VMOptions.threadFuel`). */
  readonly threadFuel: boolean;
  /** Whether small loops check fuel once per batch (`VMOptions.batchLoops`). */
  readonly batchLoops: boolean;
  /** The Dusk profile (chain id, block height, hard fork, supplied queries), or null on bare Piecrust. */
  readonly dusk: DuskProfile | null;
  private readonly engineLimits: EngineLimits | undefined;

  /**
   * Use `VM.ephemeral()` or `VM.open(dir)`.
   * @param store The commit store (in memory or on disk) that its sessions read and write; host-sim's own, not for embedders.
   * @param rootDir The store directory of a VM from `VM.open`, or null for an ephemeral VM.
   */
  private constructor(
    readonly store: Store,
    readonly rootDir: string | null,
    opts: VMOptions,
    dusk: DuskProfile | null,
    rewrites: PreparedCache | null = null,
  ) {
    this.printDebug = opts.printDebug ?? false;
    this.reuseInstances = opts.reuseInstances ?? true;
    this.threadFuel = opts.threadFuel ?? true;
    this.batchLoops = opts.batchLoops ?? true;
    this.rewrites = rewrites;
    this.dusk = dusk;
    for (const [name, q] of this.dusk?.hostQueries() ?? []) this.registerHostQuery(name, q);
    this.engineLimits = opts.engineLimits;
  }

  /** A VM whose state lives in memory only and is discarded with it. */
  static async ephemeral(opts: VMOptions = {}): Promise<VM> {
    return new VM(Store.memory(), null, opts, await profileOf(opts));
  }

  /** Opens (or creates) a VM over the store directory `dir`, restoring every commit in it. */
  static async open(dir: string, opts: VMOptions = {}): Promise<VM> {
    if (typeof dir !== "string" || dir.length === 0) throw new TypeError("dir must be a non-empty path");
    const dusk = await profileOf(opts);
    try {
      // The on-disk adapter is Node-only: loaded here, never by the core, so browsers can bundle host-sim.
      const [, { PreparedCache }] = await Promise.all([import("./store/disk-store.js"), import("./prepared-cache.js")]);
      return new VM(Store.open(dir, { fs: opts.fs }), dir, opts, dusk, new PreparedCache(dir));
    } catch (e) {
      throw storeError(e);
    }
  }

  /**
   * Registers a host query under `name` (Piecrust's `register_host_query`), replacing any of that name;
   * sessions opened afterwards offer it to contracts through the `hq` import.
   */
  registerHostQuery(name: string, query: HostQuery): void {
    if (typeof name !== "string") throw new TypeError("host query name must be a string");
    if (!query || typeof query.price !== "function" || typeof query.execute !== "function") {
      throw new TypeError("a host query needs price(arg) and execute(arg, argbuf) functions");
    }
    this.hostQueries.set(name, query);
  }

  /**
   * Opens a session (Piecrust's `session`) on the commit `opts.base`, or on an empty state; throws
   * PersistenceError for an unknown base.
   */
  async session(opts: SessionOptions = {}): Promise<Session> {
    return this.sessionSync(opts);
  }

  /** session() for embedders that must open one inside a synchronous host call (as-pect's host). */
  sessionSync(opts: SessionOptions = {}): Session {
    if (opts.base !== undefined) {
      checkId(opts.base, "base");
      if (!this.store.hasCommit(opts.base)) {
        throw new VMError("PersistenceError", `No such base commit: ${toHex(opts.base)}`);
      }
    }
    // Dusk's VM::session inserts chain_id and block_height; the embedder's own metadata wins.
    if (this.dusk) opts = { ...opts, meta: { ...this.dusk.metadata(), ...opts.meta } };
    const session = new Session(this, opts);
    const base = opts.base ? new Uint8Array(opts.base) : null;
    this.store.retain(base);
    this.dropped.register(session, base, session);
    return session;
  }

  /** @internal */
  releaseSession(session: Session): void {
    this.dropped.unregister(session);
    this.store.release(session.baseRoot);
  }

  /** The roots of the commits held, sorted by their bytes as Piecrust's `BTreeMap` iterates them. */
  commits(): Uint8Array[] {
    return this.store.commits().sort(compareBytes);
  }

  /**
   * Deletes a commit. Piecrust blocks here while a live session is based on `root`; host-sim returns
   * at once and deletes at that session's end, because a session is dropped by the same JavaScript
   * thread that would be blocked (blocking could only deadlock). Observably the same: the commit
   * leaves commits() and cannot be a new base at once, and the live session keeps working.
   */
  deleteCommit(root: Uint8Array): void {
    checkId(root, "root");
    try {
      this.store.deleteCommit(root);
    } catch (e) {
      throw storeError(e);
    }
  }

  /**
   * Finalizes the commit with 32-byte `root` (Piecrust's `finalize_commit`): it leaves `commits()` and
   * cannot be a base any more, while data other commits use stays.
   */
  finalizeCommit(root: Uint8Array): void {
    checkId(root, "root");
    try {
      this.store.finalizeCommit(root);
    } catch (e) {
      throw storeError(e);
    }
  }

  /**
   * Closes the store and releases its LOCK. If the LOCK cannot be removed (a read-only directory,
   * say) the VM is closed all the same and a PersistenceError says so; this process can still open
   * the store again later.
   */
  close(): void {
    try {
      this.store.close();
    } catch (e) {
      throw storeError(e);
    }
  }

  /**
   * Attaches a build's debug info (`debugInfoForWasmFile("build/x.wasm")` from debug-file.ts, or `DebugInfo.parse`) to every contract with
   * exactly these bytes, in every session: failures inside them then name functions and
   * AssemblyScript lines (`VMError.backtrace`). Nothing a contract can observe changes.
   */
  addDebugInfo(bytecode: Uint8Array, info: DebugInfo): void {
    if (!(bytecode instanceof Uint8Array)) throw new TypeError("bytecode must be a Uint8Array");
    if (!(info instanceof DebugInfo)) throw new TypeError("info must be a DebugInfo (debugInfoForWasmFile or DebugInfo.parse)");
    this.debugInfos.set(toHex(blake3(bytecode)), info);
  }

  /** @internal The debug info added for these bytes, if any. */
  debugInfoFor(bytecode: Uint8Array): DebugInfo | undefined {
    return this.debugInfos.size === 0 ? undefined : this.debugInfos.get(toHex(blake3(bytecode)));
  }

  /** @internal Validated, rewritten and compiled once per bytecode (and debug mode). */
  prepare(bytecode: Uint8Array, debug: boolean, hash: Uint8Array = blake3(bytecode), profile = false): PreparedContract {
    const key = `${debug ? "d" : "r"}${profile ? "p" : ""}${toHex(hash)}`;
    let p = this.prepared.get(key);
    if (!p) {
      const opts = { debug, threadFuel: this.threadFuel, batchLoops: this.batchLoops, profile, limits: this.engineLimits };
      // A store keeps each rewrite: a bytecode that passed the deploy rules once is not rewritten again.
      // Profiled rewrites (one session's measurement) and small-limit ones (the fuzzer's) are not kept.
      const rewrite = { bytecodeHash: hash, debug, threadFuel: this.threadFuel, batchLoops: this.batchLoops };
      const keep = !profile && this.engineLimits === undefined;
      const kept = keep ? this.rewrites?.load(rewrite) : undefined;
      if (kept) {
        // the offset map is needed only once something fails; the rewrite is deterministic, so it is redone then
        p = { ...kept, profiled: false, offsets: lazyOffsets(() => prepareContract(bytecode, opts).offsets) };
      } else {
        p = prepareContract(bytecode, opts);
        if (keep) this.rewrites?.save(rewrite, p);
      }
      this.prepared.set(key, p);
    }
    return p;
  }
}

/**
 * The Dusk profile `opts` asks for (checked before any store is opened), or null. Its cryptography
 * (@noble/curves building BLS12-381, BN254 and secp256k1 takes 85–130 ms) loads only here, so a
 * bare-Piecrust process never pays for it.
 */
async function profileOf(opts: VMOptions): Promise<DuskProfile | null> {
  const profile = opts.profile ?? "piecrust";
  if (profile !== "piecrust" && profile !== "dusk") throw new DuskProfileError(`profile must be "piecrust" or "dusk", got ${String(profile)}`);
  if (profile === "piecrust") {
    if (opts.dusk !== undefined) throw new DuskProfileError('the dusk options need profile: "dusk"');
    return null;
  }
  const { DuskProfile } = await import("./dusk/profile.js");
  return new DuskProfile(opts.dusk);
}

export function storeError(e: unknown): unknown {
  if (e instanceof StoreError) {
    const code = e.code === "ContractPositionCollision" ? "ContractPositionCollision" : "PersistenceError";
    return new VMError(code, e.message, { cause: e });
  }
  // A file-system error the store did not wrap (e.g. the store path is a file) is a store fault too.
  if (e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === "string") {
    return new VMError("PersistenceError", `store: ${e.message}`, { cause: e });
  }
  return e instanceof VMError ? e : (hostExhausted(e) ?? HostSimBug.wrap(e));
}
