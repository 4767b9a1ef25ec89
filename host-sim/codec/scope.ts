import { CodecError } from "./errors.js";
import type { RType, TypeDefs } from "./types.js";

/**
 * The names visible to one root type: explicit defs plus every named struct or
 * enum found inside the root (so `enum List { Cons(u32, Box<List>) }` finds
 * itself). It also owns per-root caches, so repeated encode/decode calls on
 * the same descriptor object do not recompute layouts.
 */
export class Scope {
  private readonly named = new Map<string, RType>();
  /** Layout cache keyed by descriptor object (see layout.ts). */
  readonly layouts = new WeakMap<object, unknown>();

  constructor(root: RType, defs?: TypeDefs) {
    if (defs) for (const [name, t] of Object.entries(defs)) this.named.set(name, t);
    this.collect(root, new Set());
  }

  private collect(t: RType, seen: Set<RType>): void {
    if (seen.has(t)) return;
    seen.add(t);
    switch (t.kind) {
      case "struct":
        this.named.set(t.name, t);
        for (const f of t.fields) this.collect(f.type, seen);
        return;
      case "enum":
        this.named.set(t.name, t);
        for (const v of t.variants) for (const f of v.fields) this.collect(f.type, seen);
        return;
      case "vec": case "boxslice": case "array": case "option": case "box": case "set":
        this.collect(t.of, seen);
        return;
      case "tuple":
        for (const item of t.items) this.collect(item, seen);
        return;
      case "result":
        this.collect(t.ok, seen);
        this.collect(t.err, seen);
        return;
      case "map":
        this.collect(t.key, seen);
        this.collect(t.value, seen);
        return;
      default:
        return;
    }
  }

  /** Follows `ref` descriptors to the definition they name. */
  resolve(t: RType, path = "root"): RType {
    let cur = t;
    for (let hops = 0; cur.kind === "ref"; hops++) {
      const next = this.named.get(cur.name);
      if (!next || hops > 64) throw new CodecError(`unknown type name ${cur.name}`, path);
      cur = next;
    }
    return cur;
  }
}

const plainScopes = new WeakMap<object, Scope>();
const defScopes = new WeakMap<object, WeakMap<object, Scope>>();

/** The (cached) scope of a root descriptor under optional explicit defs. */
export function scopeFor(root: RType, defs?: TypeDefs): Scope {
  let cache = plainScopes;
  if (defs) {
    let perDefs = defScopes.get(defs);
    if (!perDefs) defScopes.set(defs, (perDefs = new WeakMap()));
    cache = perDefs;
  }
  let scope = cache.get(root);
  if (!scope) cache.set(root, (scope = new Scope(root, defs)));
  return scope;
}
