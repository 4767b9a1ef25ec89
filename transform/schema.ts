// The contract schema a build writes (build/<name>.schema.json): host-sim/schema.ts defines its
// shape and checks it. Here the plan's entries and the @event declarations become its functions
// and events, and the @archive types they reach become `types`, Rust definitions in dependency
// order. Events are the `@event("topic") @archive class …` declarations.

import { formatType, type RType } from "../host-sim/codec/index.js";
import type { ContractSchema } from "../host-sim/schema.js";
import type { ContractPlan } from "./contract.js";
import type { Archives } from "./archive.js";

export type { ContractSchema };

function formatDefinition(t: RType): string {
  const fields = (fs: { name: string; type: RType }[]) => fs.map((f) => `${f.name}: ${formatType(f.type)}`).join(", ");
  if (t.kind === "struct") return t.fields.length ? `struct ${t.name} { ${fields(t.fields)} }` : `struct ${t.name};`;
  if (t.kind === "enum") {
    const vs = t.variants.map((v) => (v.fields.length ? `${v.name} { ${fields(v.fields)} }` : v.name));
    return `enum ${t.name} { ${vs.join(", ")} }`;
  }
  return formatType(t);
}

/** Named @archive types reachable from `t`, dependencies first. */
function collectDefinitions(t: RType, archives: Archives, out: Map<string, string>, visiting: Set<string>): void {
  const visit = (x: RType) => collectDefinitions(x, archives, out, visiting);
  switch (t.kind) {
    case "struct": case "enum": {
      if (!archives.decls.has(t.name) || out.has(t.name) || visiting.has(t.name)) return;
      visiting.add(t.name);
      if (t.kind === "struct") t.fields.forEach((f) => visit(f.type));
      else t.variants.forEach((v) => v.fields.forEach((f) => visit(f.type)));
      visiting.delete(t.name);
      out.set(t.name, formatDefinition(t));
      return;
    }
    case "vec": case "boxslice": case "array": case "option": case "box": case "set":
      return visit(t.of);
    case "tuple":
      return t.items.forEach(visit);
    case "map":
      visit(t.key);
      return visit(t.value);
    case "result":
      visit(t.ok);
      return visit(t.err);
    default:
      return;
  }
}

export function buildSchema(name: string, plan: ContractPlan | null, archives: Archives): ContractSchema {
  const defs = new Map<string, string>();
  const functions: ContractSchema["functions"] = [];
  for (const e of plan?.entries ?? []) {
    const items = e.params.map((p) => p.type.rust);
    const input: RType = items.length === 0 ? { kind: "unit" } : items.length === 1 ? items[0]! : { kind: "tuple", items };
    const output: RType = e.result ? e.result.rust : { kind: "unit" };
    collectDefinitions(input, archives, defs, new Set());
    collectDefinitions(output, archives, defs, new Set());
    functions.push({ name: e.exportName, doc: e.doc, input: formatType(input), output: formatType(output) });
  }
  const events: ContractSchema["events"] = [];
  for (const ev of archives.events) {
    const t = archives.classType(ev.type) ?? archives.enumType(ev.type);
    if (!t) continue;
    collectDefinitions(t, archives, defs, new Set());
    events.push({ topic: ev.topic, data: ev.type });
  }
  return { name, functions, events, types: [...defs.values()] };
}
