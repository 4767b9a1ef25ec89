// Contract bytecode for specs: the contract under test and the contracts a spec deploys, built from
// their AssemblyScript sources by the piecrust-as build (same transform, same options as
// `piecrust-as build`), or read from a .wasm (e.g. Rust-built) or assembled from a .wat file.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { contractName } from "../cli/project.js";
import { debugInfoForWasmFile, DuskProfileError, transferStandIn, type DebugInfo } from "#host-sim";

/**
 * The name piecrust-as/assembly/testing's deployTransferStandIn() deploys (assembly/testing/transfer.ts
 * spells it too): the stand-in transfer contract the package ships, never a project's file.
 */
export const SHIPPED_TRANSFER_STAND_IN = "piecrust-as:transfer-stand-in";

/** A user mistake in naming or building a contract: the spec fails with this message. */
export class ContractSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContractSourceError";
  }
}

export interface ContractCode {
  /** The name in gas reports: the example folder, or the file's base name. */
  name: string;
  bytes: Uint8Array;
  /** Exported functions other than the memory and globals: the entry points. */
  entries: string[];
  /** The build's debug side file, when the bytes came from a .wasm that has one. */
  debug?: DebugInfo;
}

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), "..", "cli", "main.js");
type WabtInit = typeof import("wabt");
type Wabt = Awaited<ReturnType<WabtInit>>;

/** One build per source and process: every spec of a run shares them. */
const built = new Map<string, ContractCode>();
let outDir: string | null = null;
/** wabt, once loaded (null: not installed). */
let wabt: Wabt | null | undefined;

export class ContractLoader {
  private readonly cache = new Map<string, ContractCode>();

  constructor(
    private readonly cwd: string,
    private readonly buildDir: string,
  ) {}

  /**
   * Loads wabt once, so that .wat files can be assembled inside synchronous host calls. Without
   * it installed only .wat deploys fail, saying so.
   */
  async ready(): Promise<void> {
    if (wabt !== undefined) return;
    try {
      // A type-only import above: the package itself is optional at run time.
      const init = (await import("wabt")).default as unknown as WabtInit;
      wabt = await init();
    } catch {
      wabt = null;
    }
  }

  /**
   * `what` is an AssemblyScript entry (.ts), a .wasm or .wat file, or a bare name: the example
   * `examples/<name>/assembly/index.ts` built from source, else `<buildDir>/<name>.wasm`.
   */
  load(what: string): ContractCode {
    const key = resolve(this.cwd, what);
    let code = this.cache.get(key);
    if (!code) {
      code = this.loadUncached(what);
      this.cache.set(key, code);
    }
    return code;
  }

  private loadUncached(what: string): ContractCode {
    if (what === SHIPPED_TRANSFER_STAND_IN) {
      try {
        return code("transfer-stand-in", transferStandIn());
      } catch (e) {
        if (e instanceof DuskProfileError) throw new ContractSourceError(`deployTransferStandIn(): ${e.message}`);
        throw e;
      }
    }
    const path = resolve(this.cwd, what);
    if (what.endsWith(".ts")) return this.build(path);
    if (what.endsWith(".wasm")) return code(basename(what, ".wasm"), readIfExists(path, what), path);
    if (what.endsWith(".wat")) return code(basename(what, ".wat"), this.assemble(path, what));
    const example = resolve(this.cwd, "examples", what, "assembly", "index.ts");
    if (existsSync(example)) return this.build(example);
    const built = resolve(this.cwd, this.buildDir, `${what}.wasm`);
    if (existsSync(built)) return code(what, new Uint8Array(readFileSync(built)), built);
    throw new ContractSourceError(
      `deployContract("${what}"): no examples/${what}/assembly/index.ts and no ${this.buildDir}/${what}.wasm; give a .ts, .wasm or .wat path`,
    );
  }

  /** `piecrust-as build` of one entry, in a child process so that a host call can wait for it. */
  private build(entry: string): ContractCode {
    let c = built.get(entry);
    if (c) return c;
    if (!existsSync(entry)) throw new ContractSourceError(`no such contract source: ${entry}`);
    if (!outDir) {
      const dir = (outDir = mkdtempSync(join(tmpdir(), "piecrust-as-spec-")));
      process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    }
    const name = contractName(entry);
    // A folder per build: two entries may share a name.
    const dir = join(outDir, String(built.size));
    const r = spawnSync(process.execPath, [CLI, "build", entry, "--out-dir", dir, "--name", name], { cwd: this.cwd, encoding: "utf8" });
    const file = join(dir, `${name}.wasm`);
    if (r.status !== 0 || !existsSync(file)) {
      throw new ContractSourceError(`building ${entry} failed:\n${(r.stderr || "").trim()}\n${(r.stdout || "").trim()}`);
    }
    c = code(name, new Uint8Array(readFileSync(file)), file);
    built.set(entry, c);
    return c;
  }

  private assemble(path: string, what: string): Uint8Array {
    if (!wabt) throw new ContractSourceError(`deploying ${what} needs the wabt package to assemble WAT: npm install --save-dev wabt`);
    const text = new TextDecoder().decode(readIfExists(path, what));
    try {
      const mod = wabt.parseWat(what, text, { bulk_memory: true, simd: true, reference_types: true });
      try {
        return new Uint8Array(mod.toBinary({}).buffer);
      } finally {
        mod.destroy();
      }
    } catch (e) {
      throw new ContractSourceError(`${what} is not valid WAT: ${(e as Error).message}`);
    }
  }
}

function readIfExists(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new ContractSourceError(`no such file: ${what}`);
  return new Uint8Array(readFileSync(path));
}

function code(name: string, bytes: Uint8Array, file?: string): ContractCode {
  let entries: string[];
  try {
    entries = WebAssembly.Module.exports(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>))
      .filter((e) => e.kind === "function")
      .map((e) => e.name)
      .sort();
  } catch (e) {
    throw new ContractSourceError(`${name} is not a valid wasm module: ${(e as Error).message}`);
  }
  let debug: DebugInfo | undefined;
  try {
    debug = file === undefined ? undefined : (debugInfoForWasmFile(file) ?? undefined);
  } catch {
    // a damaged side file only costs the source lines of backtraces
  }
  return { name, bytes, entries, debug };
}
