import type { RType } from "./types.js";

/** Renders a descriptor back as Rust type syntax (named types by name only). */
export function formatType(t: RType): string {
  switch (t.kind) {
    case "unit": return "()";
    case "string": return "String";
    case "contractId": return "ContractId";
    case "nonzero": return `NonZero${t.of.kind[0]!.toUpperCase()}${t.of.kind.slice(1)}`;
    case "vec": return `Vec<${formatType(t.of)}>`;
    case "boxslice": return `Box<[${formatType(t.of)}]>`;
    case "array": return `[${formatType(t.of)}; ${t.len}]`;
    case "option": return `Option<${formatType(t.of)}>`;
    case "box": return `Box<${formatType(t.of)}>`;
    case "tuple": return `(${t.items.map(formatType).join(", ")}${t.items.length === 1 ? "," : ""})`;
    case "result": return `Result<${formatType(t.ok)}, ${formatType(t.err)}>`;
    case "map": return `BTreeMap<${formatType(t.key)}, ${formatType(t.value)}>`;
    case "set": return `BTreeSet<${formatType(t.of)}>`;
    case "struct": case "enum": case "ref": return t.name;
    default: return t.kind;
  }
}
