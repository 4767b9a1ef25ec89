// A store directory as the CLI sees it: the host-sim VM over it, the HEAD commit, the contract
// registry (names, the schemas deployments own) and the bytecode of deployed contracts.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { toHex, VM, VMError, type Session, type VMOptions } from "#host-sim";
import { CliError, vmText } from "./args.js";
import { present, reason } from "./files.js";
import { DEFAULT_STORE, readHead, storeFlag, writeHead } from "./head.js";
import type { Names } from "./receipt.js";
import { deployedSchema, migrateRegistry, readRegistry, recordName, registryFile, resolveContract, storeSchema, type Registry } from "./registry.js";
import { findBuildSchemaFor, loadSchema, SchemaCodec } from "./schema.js";

export interface OpenOptions {
  /** Refuse a store that does not exist yet (every command but deploy). */
  mustExist?: boolean;
  /** Open even when HEAD is missing while commits exist (for `commits`, which can repair it). */
  allowMissingHead?: boolean;
  /** The VM's profile options (--profile dusk). */
  vm?: VMOptions;
}

/** Where a contract's schema comes from, for `inspect`. */
export interface SchemaOrigin {
  codec: SchemaCodec;
  /** The store-relative copy the deployment owns, or the build file matched by bytecode. */
  from: string;
  owned: boolean;
}

/**
 * Creates `dir` and its missing parents one level at a time: Node's recursive mkdir never returns
 * for a path the kernel refuses with ENOENT (under /proc, say), and host-sim's store uses it.
 */
function createDir(dir: string): void {
  const parent = dirname(resolve(dir));
  if (parent !== resolve(dir) && !existsSync(parent)) createDir(parent);
  try {
    mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return;
    throw new CliError(`cannot create the store ${dir}: ${reason(e)}; pass --store DIR with a folder you can write to`);
  }
}

export class Workspace implements Names {
  private readonly schemas = new Map<string, SchemaOrigin | undefined>();
  private registry: Registry;

  private constructor(
    readonly dir: string,
    readonly vm: VM,
    readonly head: Uint8Array | undefined,
  ) {
    this.registry = readRegistry(dir);
  }

  static async open(dir: string = DEFAULT_STORE, opts: OpenOptions = {}): Promise<Workspace> {
    let isDir: boolean | undefined;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = undefined;
    }
    if (isDir === false) throw new CliError(`the store ${dir} is not a directory: pass --store DIR with a directory`);
    if (isDir === undefined && opts.mustExist) throw new CliError(`no store at ${dir} (deploy a contract first, or pass --store DIR)`);
    if (isDir === undefined) createDir(dir);
    let vm: VM;
    try {
      vm = await VM.open(dir, opts.vm);
    } catch (e) {
      if (e instanceof VMError) throw new CliError(`cannot open the store ${dir}: ${vmText(e)}`);
      throw e;
    }
    try {
      for (const line of migrateRegistry(dir)) process.stderr.write(`piecrust-as: ${line}\n`);
      return new Workspace(dir, vm, readHead(dir, vm.commits(), opts.allowMissingHead));
    } catch (e) {
      vm.close();
      throw e;
    }
  }

  session(opts: { profile?: boolean } = {}): Promise<Session> {
    return this.vm.session({ base: this.head, profile: opts.profile });
  }

  /** Commits the session and moves HEAD to the new root. */
  commit(session: Session): Uint8Array {
    let root: Uint8Array;
    try {
      root = session.commit();
    } catch (e) {
      if (e instanceof VMError) throw new CliError(`commit failed, the store is unchanged: ${vmText(e)}`);
      throw e;
    }
    try {
      writeHead(this.dir, root);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      throw new CliError(`committed root ${toHex(root)} but could not move HEAD to it (${e.message}); once fixed, run piecrust-as commits --head ${toHex(root)}${storeFlag(this.dir)}`);
    }
    return root;
  }

  /** Copies a schema into the store (before a deploy commits, so a failure leaves no commit). */
  keepSchema(bytes: Uint8Array): string {
    return storeSchema(this.dir, bytes);
  }

  /** Records a deployment under `name` with the schema copy `schemaRef` (from keepSchema). */
  record(id: Uint8Array, name: string, schemaRef?: string): void {
    recordName(this.dir, id, name, schemaRef);
    this.registry = readRegistry(this.dir);
    this.schemas.clear();
  }

  /** An id from hex or a recorded name; a clear error for anything else or an unknown contract. */
  resolve(idOrName: string, session: Session): Uint8Array {
    const id = resolveContract(this.registry, idOrName);
    if (!id) {
      const known = [...new Set(Object.values(this.registry).map((r) => r.name))];
      const file = registryFile(this.dir);
      // A deleted registry forgets every name: say so, or the contract looks undeployed.
      const hint = known.length ? ` (known: ${known.join(", ")})` : present(file) ? "" : ` (${file}, where names are recorded, is missing: call the contract by its id)`;
      throw new CliError(`'${idOrName}' is neither a 64-hex-digit contract id nor a deployed contract's name${hint}`);
    }
    if (!session.contractMetadata(id)) throw new CliError(`contract ${toHex(id)} is not deployed at ${this.head ? `commit ${toHex(this.head)}` : "the empty state"} (see piecrust-as commits${storeFlag(this.dir)})`);
    return id;
  }

  bytecode(id: Uint8Array): Uint8Array | undefined {
    const entry = this.vm.store.contract(this.head ?? null, id);
    return entry ? this.vm.store.readBytecode(entry.bytecodeHash) : undefined;
  }

  name(id: Uint8Array): string {
    const rec = this.registry[toHex(id)];
    return rec ? `${rec.name}(${toHex(id).slice(0, 8)})` : toHex(id).slice(0, 8);
  }

  codec(id: Uint8Array): SchemaCodec | undefined {
    return this.schema(id)?.codec;
  }

  /**
   * The schema a deployment owns; for a contract recorded without one, the schema of a build
   * output with exactly its bytecode (so a rebuild that changes the bytes never matches).
   */
  schema(id: Uint8Array): SchemaOrigin | undefined {
    const key = toHex(id);
    if (this.schemas.has(key)) return this.schemas.get(key);
    const rec = this.registry[key];
    let origin: SchemaOrigin | undefined;
    const owned = rec ? deployedSchema(this.dir, rec) : undefined;
    if (owned) origin = { codec: new SchemaCodec(owned), from: rec!.schema!, owned: true };
    else {
      const code = this.bytecode(id);
      const file = code ? findBuildSchemaFor(code) : undefined;
      if (file) origin = { codec: new SchemaCodec(loadSchema(file)), from: file, owned: false };
    }
    this.schemas.set(key, origin);
    return origin;
  }

  close(): void {
    this.vm.close();
  }
}
