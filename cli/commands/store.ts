// A store directory as the CLI sees it: the host-sim VM over it, the HEAD commit, the contract
// registry (names, schemas) and the bytecode of deployed contracts.
import { existsSync } from "node:fs";
import { toHex, VM, type Session } from "../../host-sim/index.js";
import { DEFAULT_STORE, readHead, readRegistry, resolveContract, writeHead, type ContractRecord } from "../../scripts/workspace.js";
import { CliError } from "./args.js";
import type { Names } from "./receipt.js";
import { findBuildFor, loadSchema, SchemaCodec } from "./schema.js";

export class Workspace implements Names {
  private readonly codecs = new Map<string, SchemaCodec | undefined>();
  private registry: Record<string, ContractRecord>;

  private constructor(
    readonly dir: string,
    readonly vm: VM,
    readonly head: Uint8Array | undefined,
  ) {
    this.registry = readRegistry(dir);
  }

  static async open(dir: string = DEFAULT_STORE, mustExist = false): Promise<Workspace> {
    if (mustExist && !existsSync(dir)) throw new CliError(`no store at ${dir} (deploy a contract first, or pass --store DIR)`);
    const vm = await VM.open(dir);
    try {
      return new Workspace(dir, vm, readHead(dir, vm));
    } catch (e) {
      vm.close();
      throw new CliError((e as Error).message);
    }
  }

  session(): Promise<Session> {
    return this.vm.session({ base: this.head });
  }

  /** Commits the session and moves HEAD to the new root. */
  commit(session: Session): Uint8Array {
    const root = session.commit();
    writeHead(this.dir, root);
    return root;
  }

  /** An id from hex or a recorded name; a clear error for anything else or an unknown contract. */
  resolve(idOrName: string, session: Session): Uint8Array {
    const id = resolveContract(this.dir, idOrName);
    if (!id) {
      const known = Object.values(readRegistry(this.dir)).map((r) => r.name);
      throw new CliError(`'${idOrName}' is neither a 64-hex-digit contract id nor a deployed contract's name${known.length ? ` (known: ${[...new Set(known)].join(", ")})` : ""}`);
    }
    if (!session.contractMetadata(id)) throw new CliError(`contract ${toHex(id)} is not deployed at ${this.head ? `commit ${toHex(this.head)}` : "the empty state"}`);
    return id;
  }

  bytecode(id: Uint8Array): Uint8Array | undefined {
    const entry = this.vm.store.contract(this.head ?? null, id);
    return entry ? this.vm.store.readBytecode(entry.bytecodeHash) : undefined;
  }

  refreshRegistry(): void {
    this.registry = readRegistry(this.dir);
    this.codecs.clear();
  }

  name(id: Uint8Array): string {
    const rec = this.registry[toHex(id)];
    return rec ? `${rec.name}(${toHex(id).slice(0, 8)})` : toHex(id).slice(0, 8);
  }

  codec(id: Uint8Array): SchemaCodec | undefined {
    const key = toHex(id);
    if (this.codecs.has(key)) return this.codecs.get(key);
    let schemaFile = this.registry[key]?.schema;
    if (!schemaFile || !existsSync(schemaFile)) {
      const code = this.bytecode(id);
      const wasm = code ? findBuildFor(code) : undefined;
      const candidate = wasm?.replace(/(\.(stub|minimal))?(\.debug)?\.wasm$/, ".schema.json");
      schemaFile = candidate && existsSync(candidate) ? candidate : undefined;
    }
    const c = schemaFile ? new SchemaCodec(loadSchema(schemaFile)) : undefined;
    this.codecs.set(key, c);
    return c;
  }

  close(): void {
    this.vm.close();
  }
}
