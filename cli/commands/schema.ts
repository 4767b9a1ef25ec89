// Contract schema files (build/<name>.schema.json, and each deployment's copy in the store), read
// and checked with host-sim's one schema check (host-sim/schema.ts), and the JSON ⇄ rkyv mapping
// they allow: arguments from JSON, results and event data back to JSON.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { checkSchema, codec, SchemaError, schemaTypeDefs, toHex, type ContractSchema, type SchemaFunction } from "#host-sim";
import { CliError } from "./args.js";
import { present, readRegularFile } from "./files.js";

export type { ContractSchema, SchemaFunction };

/** A schema read from a file: its exact bytes (what a deployment keeps) and its parsed form. */
export interface SchemaSource {
  bytes: Uint8Array;
  schema: ContractSchema;
}

/** Reads and checks a schema file (a regular file only, size-capped: see files.ts). */
export function readSchemaFile(file: string): SchemaSource {
  const bytes = readRegularFile(file, "schema", "check the path, or rebuild the contract");
  return { bytes, schema: parseSchema(bytes, file) };
}

/** Parses and checks a schema file's bytes; a CliError names the file and the first part that is wrong. */
export function parseSchema(bytes: Uint8Array, file: string): ContractSchema {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    throw new CliError(`${file} is not a contract schema: ${e instanceof SyntaxError ? `not valid JSON (${e.message})` : "not UTF-8 JSON text"}`);
  }
  try {
    return checkSchema(value);
  } catch (e) {
    // host-sim's typed error, worded for the file it came from.
    if (e instanceof SchemaError) throw new CliError(`${file} is ${e.message}`);
    throw e;
  }
}

export function loadSchema(file: string): ContractSchema {
  return readSchemaFile(file).schema;
}

/** The schema beside a wasm file: build/x.wasm → build/x.schema.json (also for x.debug.wasm). */
export function schemaPathFor(wasmFile: string): string | undefined {
  const file = `${wasmFile.replace(/(\.(stub|minimal))?(\.debug)?\.wasm$/, "")}.schema.json`;
  // A dangling link is a schema that went missing, not a contract without one: reading it says so.
  return present(file) ? file : undefined;
}

/**
 * The schema of the build output whose bytes are `bytecode`: a fallback for a contract deployed
 * without a schema. Only identical bytecode matches, so a rebuild cannot change what it finds for
 * a deployed contract. Files that are not regular, or unreadable, are skipped.
 */
export function findBuildSchemaFor(bytecode: Uint8Array, buildDir = "build"): string | undefined {
  let names: string[];
  try {
    names = readdirSync(buildDir);
  } catch {
    return undefined;
  }
  const want = toHex(blake3(bytecode));
  for (const f of names) {
    if (!f.endsWith(".wasm")) continue;
    try {
      if (toHex(blake3(readRegularFile(join(buildDir, f), "wasm file", ""))) !== want) continue;
    } catch {
      continue;
    }
    return schemaPathFor(join(buildDir, f));
  }
  return undefined;
}

export class SchemaCodec {
  private readonly defs: codec.TypeDefs;

  /** `style` "serde" gives the JSON Dusk's drivers and wallets use (codec/json.ts, docs/dusk.md). */
  constructor(readonly schema: ContractSchema, readonly style: codec.JsonStyle = "cli") {
    try {
      this.defs = schemaTypeDefs(schema);
    } catch (e) {
      throw new CliError(`the schema of '${schema.name}' has a type definition that cannot be read: ${(e as Error).message}`);
    }
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
      return codec.encode(t, codec.fromJson(t, json, this.defs, this.style), this.defs);
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

  /** Bytes → JSON of `type`, or why they are not one. */
  decodeValue(type: string, bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; error: string } {
    return this.decodeWith(type, bytes, (t, v) => codec.toJson(t, v, this.defs, this.style));
  }

  /** Bytes → the JSON text of `type` (in the serde style, floats as Dusk's drivers print them), or why they are not one. */
  decodeText(type: string, bytes: Uint8Array): { ok: true; value: string } | { ok: false; error: string } {
    return this.decodeWith(type, bytes, (t, v) => codec.toJsonText(t, v, this.defs, this.style));
  }

  private decodeWith<T>(type: string, bytes: Uint8Array, out: (t: codec.RType, v: unknown) => T): { ok: true; value: T } | { ok: false; error: string } {
    try {
      const t = this.type(type);
      return { ok: true, value: out(t, codec.decode(t, bytes, this.defs)) };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  }

  private decodeAs(type: string, bytes: Uint8Array): unknown {
    const r = this.decodeValue(type, bytes);
    return r.ok ? r.value : `<${bytes.length} bytes not a valid ${type}: ${r.error}> 0x${toHex(bytes)}`;
  }
}

/** What `decode` reads: a function's input or output, or an event's data by its topic. */
export type DecodeTarget = "input" | "output" | "event";

/**
 * Bytes → JSON for a function's input or output or an event's data; bytes that are not a valid
 * value of the type are a CliError naming the function or topic and the type.
 */
export function decodeStrict(c: SchemaCodec, target: DecodeTarget, name: string, bytes: Uint8Array): unknown {
  return JSON.parse(decodeStrictText(c, target, name, bytes));
}

/** `decodeStrict`'s JSON as text, floats as serde writes them in the serde style (`1.0`). */
export function decodeStrictText(c: SchemaCodec, target: DecodeTarget, name: string, bytes: Uint8Array): string {
  let type: string;
  if (target === "event") {
    const e = c.schema.events.find((x) => x.topic === name);
    if (!e) throw new CliError(`contract '${c.schema.name}' has no event '${name}' (it has: ${c.schema.events.map((x) => x.topic).join(", ") || "none"})`);
    type = e.data;
  } else {
    const f = c.fn(name);
    type = (target === "input" ? f.input : f.output) || "()";
  }
  if (isUnit(type) && bytes.length === 0) return "null";
  const decoded = c.decodeText(type, bytes);
  if (!decoded.ok) throw new CliError(`the ${bytes.length} bytes are not a valid ${type} (${target} of ${name}): ${decoded.error}`);
  return decoded.value;
}

function isUnit(t: string | undefined): boolean {
  return !t || t.replace(/\s/g, "") === "()";
}
