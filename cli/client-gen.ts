// Typed TypeScript clients from a contract schema: `piecrust-as build` writes build/<name>.client.ts,
// a class over host-sim's ContractClient whose methods, arguments, results and events carry the
// TypeScript types of host-sim's rkyv value mapping (host-sim/codec/values.ts), so that misuse is a
// compile error rather than a failed call.
import { codec, schemaTypeDefs, type ContractSchema } from "#host-sim";

/** Where the generated file imports host-sim from (a project's installed package by default). */
export const DEFAULT_HOST_SIM_IMPORT = "piecrust-as/host-sim";

/** The namespace the generated file imports host-sim under, so no Rust type name can clash with it. */
const HS = "PiecrustHostSim";

const NUMBER_KINDS = new Set(["u8", "u16", "u32", "i8", "i16", "i32", "usize", "isize", "f32", "f64"]);
const BIGINT_KINDS = new Set(["u64", "i64", "u128", "i128"]);

/** A Rust name as a TypeScript identifier (Rust identifiers are TypeScript ones, bar reserved words). */
function ident(name: string): string {
  return RESERVED.has(name) ? `${name}_` : name;
}

const RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
  "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
  "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with",
]);

/** A property key: bare when it is an identifier, quoted otherwise (tuple field names are digits). */
function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

class TypeWriter {
  constructor(private readonly defs: codec.TypeDefs) {}

  private resolve(t: codec.RType): codec.RType {
    return t.kind === "ref" ? (this.defs[t.name] ?? t) : t;
  }

  /** Whether the JS value of `t` can be null, so that `Some(v)` is written `{ some: v }`. */
  private nullable(t: codec.RType): boolean {
    const r = this.resolve(t);
    return r.kind === "option" || r.kind === "unit" || (r.kind === "struct" && r.fields.length === 0) || (r.kind === "tuple" && r.items.length === 0);
  }

  /** The TypeScript type of `t`'s value (what decode returns and encode accepts). */
  ts(t: codec.RType): string {
    switch (t.kind) {
      case "unit":
        return "null";
      case "bool":
        return "boolean";
      case "char":
      case "string":
        return "string";
      case "contractId":
        return "Uint8Array";
      case "nonzero":
        return BIGINT_KINDS.has(t.of.kind) ? "bigint" : "number";
      case "vec":
      case "boxslice":
      case "array":
        return codec.isBytesType(t) ? "Uint8Array" : `Array<${this.ts(t.of)}>`;
      case "option":
        return this.nullable(t.of) ? `{ some: ${this.ts(t.of)} } | null` : `${this.ts(t.of)} | null`;
      case "box":
        return this.ts(t.of);
      case "tuple":
        return t.items.length === 0 ? "null" : `[${t.items.map((x) => this.ts(x)).join(", ")}]`;
      case "result":
        return `{ ok: ${this.ts(t.ok)} } | { err: ${this.ts(t.err)} }`;
      case "map":
        return `Map<${this.ts(t.key)}, ${this.ts(t.value)}>`;
      case "set":
        return `Set<${this.ts(t.of)}>`;
      case "struct":
      case "enum":
      case "ref":
        return ident(t.name);
      default:
        if (NUMBER_KINDS.has(t.kind)) return "number";
        if (BIGINT_KINDS.has(t.kind)) return "bigint";
        throw new Error(`no TypeScript type for Rust type ${codec.formatType(t)}`);
    }
  }

  private fields(fs: codec.Field[], tuple: boolean | undefined): string {
    if (tuple) return `[${fs.map((f) => this.ts(f.type)).join(", ")}]`;
    return `{ ${fs.map((f) => `${key(f.name)}: ${this.ts(f.type)};`).join(" ")} }`;
  }

  /** The declaration of a named struct (an interface) or enum (a union of its variants). */
  declaration(t: codec.RType): string {
    if (t.kind === "struct") {
      const name = ident(t.name);
      if (t.fields.length === 0) return `export type ${name} = null;`;
      if (t.tuple) return `export type ${name} = ${this.fields(t.fields, true)};`;
      return `export interface ${name} ${this.fields(t.fields, false)}`;
    }
    if (t.kind === "enum") {
      const variants = t.variants.map((v) =>
        v.fields.length === 0 ? JSON.stringify(v.name) : `{ variant: ${JSON.stringify(v.name)}; fields: ${this.fields(v.fields, v.tuple)} }`,
      );
      return `export type ${ident(t.name)} = ${variants.length ? variants.join(" | ") : "never"};`;
    }
    return `export type ${codec.formatType(t)} = ${this.ts(t)};`;
  }
}

/** The class name of a contract's client: `token` → `TokenClient`, `my-vault` → `MyVaultClient`. */
export function clientClassName(contract: string): string {
  const words = contract.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const base = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("") || "Contract";
  return `${/^[0-9]/.test(base) ? "C" : ""}${base}Client`;
}

/**
 * The source of build/<name>.client.ts for `schema` (read from `schemaFile`): its archive types as
 * interfaces and unions, a typed `deploy` running `init`, one method per other function (the argument
 * is the function's input value: a tuple for several parameters, none for `()`), and events decoded by
 * topic. `hostSim` is the module it imports host-sim from.
 */
export function clientSource(schema: ContractSchema, schemaFile: string, hostSim = DEFAULT_HOST_SIM_IMPORT): string {
  const defs = schemaTypeDefs(schema);
  const named = Object.values(defs);
  const w = new TypeWriter(defs);
  const cls = clientClassName(schema.name);
  const out: string[] = [
    `// Generated by piecrust-as build from ${schemaFile}: a typed client of the contract over`,
    `// host-sim's ContractClient. Do not edit; it is rewritten with the schema.`,
    `import * as ${HS} from ${JSON.stringify(hostSim)};`,
    "",
    `/** The schema this client was generated from. */`,
    `export const SCHEMA: ${HS}.ContractSchema = ${JSON.stringify(schema)};`,
    "",
  ];
  for (const t of named) out.push(w.declaration(t), "");

  const events = schema.events;
  const eventTypes = events.map((e) => `{ topic: ${JSON.stringify(e.topic)}; value: ${w.ts(codec.parseType(e.data, defs))} }`);
  out.push(
    `/** An event of ${schema.name} decoded by its topic, with its source, raw data and reverted flag. */`,
    `export type ${cls}Event = ${HS}.Event & (${eventTypes.length ? eventTypes.join(" | ") : "never"});`,
    "",
  );
  const eventType = `${cls}Event`;

  out.push(
    `/** A typed client of one deployed ${schema.name} contract in a host-sim session. */`,
    `export class ${cls} {`,
    `  /** The untyped client underneath (host-sim's ContractClient). */`,
    `  readonly raw: ${HS}.ContractClient;`,
    "",
    `  /**`,
    `   * @param session The host-sim session the contract is deployed in.`,
    `   * @param contractId The contract's 32-byte id.`,
    `   * @param defaultGas Gas limit (u64) of calls made without one.`,
    `   */`,
    `  constructor(session: ${HS}.Session, readonly contractId: Uint8Array, defaultGas?: bigint) {`,
    `    this.raw = new ${HS}.ContractClient(session, contractId, SCHEMA, defaultGas);`,
    `  }`,
  );
  const init = schema.functions.find((f) => f.name === "init");
  const initInput = init ? codec.parseType(init.input, defs) : null;
  const initParam = initInput && initInput.kind !== "unit" ? `, arg: ${w.ts(initInput)}` : "";
  out.push(
    "",
    `  /**`,
    `   * Deploys \`bytecode\` (the built ${schema.name}) into \`session\` with \`opts.owner\`${init ? " and runs its init" : ""}, at`,
    `   * \`opts.contractId\` if given, and returns a client of the new contract. A failure throws host-sim's VMError.`,
    `   */`,
    `  static deploy(session: ${HS}.Session, bytecode: Uint8Array, opts: { owner: Uint8Array; contractId?: Uint8Array; gasLimit?: bigint }${initParam}): ${cls} {`,
    `    const defs = ${HS}.schemaTypeDefs(SCHEMA);`,
    initParam ? `    const init = ${HS}.typed(${JSON.stringify(init!.input)}, arg);` : `    const init = undefined;`,
    `    const { contractId } = session.deploy(bytecode, { owner: opts.owner, contractId: opts.contractId, init, defs }, opts.gasLimit ?? 1_000_000_000n);`,
    `    return new ${cls}(session, contractId);`,
    `  }`,
  );
  const used = new Set(["raw", "contractId", "decodeEvent", "eventsOf", "constructor", "deploy"]);
  // init runs at deploy only (Piecrust refuses it as a call): it is `deploy`'s argument.
  for (const f of schema.functions.filter((x) => x.name !== "init")) {
    const input = codec.parseType(f.input, defs);
    const output = w.ts(codec.parseType(f.output, defs));
    // A function whose name the class already uses gets a trailing underscore.
    const method = used.has(f.name) ? `${f.name}_` : key(f.name);
    const params = input.kind === "unit" ? "gasLimit?: bigint" : `arg: ${w.ts(input)}, gasLimit?: bigint`;
    const arg = input.kind === "unit" ? "undefined" : "arg";
    out.push("");
    if (f.doc) out.push(`  /** ${f.doc.replace(/\*\//g, "* /").replace(/\n/g, "\n   * ")} */`);
    out.push(
      `  ${method}(${params}): ${HS}.CallReceipt<${output}> {`,
      `    return this.raw.invoke(${JSON.stringify(f.name)}, ${arg}, gasLimit) as ${HS}.CallReceipt<${output}>;`,
      `  }`,
    );
  }
  out.push(
    "",
    `  /** The event decoded by its topic, or undefined when ${schema.name} declares no such topic or the data is not a value of its type. */`,
    `  decodeEvent(event: ${HS}.Event): ${eventType} | undefined {`,
    `    const d = this.raw.decodeEvent(event);`,
    `    return "value" in d ? (d as ${eventType}) : undefined;`,
    `  }`,
    "",
    `  /** The events of a receipt that this contract emitted, decoded by topic. */`,
    `  eventsOf(receipt: { events: ${HS}.Event[] }): ${eventType}[] {`,
    `    const out: ${eventType}[] = [];`,
    `    for (const e of receipt.events) {`,
    `      if (!${HS}.bytesEqual(e.source, this.contractId)) continue;`,
    `      const d = this.decodeEvent(e);`,
    `      if (d) out.push(d);`,
    `    }`,
    `    return out;`,
    `  }`,
    `}`,
    "",
  );
  return out.join("\n");
}
