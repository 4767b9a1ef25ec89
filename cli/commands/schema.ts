// Contract schemas (build/<name>.schema.json, dusk-forge's CONTRACT_SCHEMA shape) and the JSON ⇄
// rkyv mapping they allow: arguments from JSON, results and event data back to JSON.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { codec, toHex } from "../../host-sim/index.js";
import { CliError } from "./args.js";

export interface SchemaFunction {
  name: string;
  doc?: string;
  input: string;
  output: string;
}

export interface ContractSchema {
  name: string;
  functions: SchemaFunction[];
  events: { topic: string; data: string }[];
  /** Rust definitions of the named structs/enums the types mention, if the build wrote them. */
  types?: string[] | Record<string, string>;
}

export function loadSchema(file: string): ContractSchema {
  let s: ContractSchema;
  try {
    s = JSON.parse(readFileSync(file, "utf8")) as ContractSchema;
  } catch (e) {
    throw new CliError(`cannot read schema ${file}: ${(e as Error).message}`);
  }
  if (!s || !Array.isArray(s.functions)) throw new CliError(`${file} is not a contract schema (no "functions" list)`);
  s.events ??= [];
  return s;
}

/** The schema beside a wasm file: build/x.wasm → build/x.schema.json (also for x.debug.wasm). */
export function schemaPathFor(wasmFile: string): string | undefined {
  const base = wasmFile.replace(/(\.(stub|minimal))?(\.debug)?\.wasm$/, "");
  const file = `${base}.schema.json`;
  return existsSync(file) ? resolve(file) : undefined;
}

/** Finds the build output whose bytes are `bytecode`, to recover a schema for any deployed contract. */
export function findBuildFor(bytecode: Uint8Array, buildDir = "build"): string | undefined {
  if (!existsSync(buildDir)) return undefined;
  const want = toHex(blake3(bytecode));
  for (const f of readdirSync(buildDir)) {
    if (!f.endsWith(".wasm")) continue;
    const p = join(buildDir, f);
    if (toHex(blake3(new Uint8Array(readFileSync(p)))) === want) return resolve(p);
  }
  return undefined;
}

function definitions(s: ContractSchema): codec.TypeDefs {
  const defs: codec.TypeDefs = {};
  const list = Array.isArray(s.types) ? s.types : Object.values(s.types ?? {});
  for (const src of list) codec.parseDefinitions(src, defs);
  return defs;
}

export class SchemaCodec {
  private readonly defs: codec.TypeDefs;

  constructor(readonly schema: ContractSchema) {
    this.defs = definitions(schema);
  }

  fn(name: string): SchemaFunction {
    const f = this.schema.functions.find((x) => x.name === name);
    if (!f) {
      const names = this.schema.functions.map((x) => x.name).join(", ");
      throw new CliError(`contract '${this.schema.name}' has no function '${name}' (it has: ${names || "none"})`);
    }
    return f;
  }

  private type(src: string): codec.RType {
    return codec.parseType(src, this.defs);
  }

  /** JSON → rkyv bytes for `fn`'s input. No JSON (undefined) is allowed only for a `()` input. */
  encodeInput(fnName: string, json: unknown): Uint8Array {
    const f = this.fn(fnName);
    const t = this.type(f.input || "()");
    if (json === undefined) {
      if (isUnit(f.input)) return new Uint8Array(0);
      throw new CliError(`${fnName} takes an argument of type ${f.input}; pass it as JSON`);
    }
    try {
      return codec.encode(t, codec.fromJson(t, json, this.defs), this.defs);
    } catch (e) {
      throw new CliError(`argument of ${fnName} does not match its type ${f.input}: ${(e as Error).message}`);
    }
  }

  decodeOutput(fnName: string, bytes: Uint8Array): unknown {
    const f = this.fn(fnName);
    if (isUnit(f.output) && bytes.length === 0) return null;
    return this.decodeAs(f.output, bytes);
  }

  /** Event data as JSON, or undefined when the schema does not know the topic. */
  decodeEvent(topic: string, data: Uint8Array): unknown {
    const e = this.schema.events.find((x) => x.topic === topic);
    if (!e) return undefined;
    return this.decodeAs(e.data, data);
  }

  private decodeAs(type: string, bytes: Uint8Array): unknown {
    try {
      const t = this.type(type);
      return codec.toJson(t, codec.decode(t, bytes, this.defs), this.defs);
    } catch (e) {
      return `<${bytes.length} bytes not a valid ${type}: ${(e as Error).message}> 0x${toHex(bytes)}`;
    }
  }
}

function isUnit(t: string | undefined): boolean {
  return !t || t.replace(/\s/g, "") === "()";
}
