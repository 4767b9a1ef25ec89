// A small own walker over asc's AST: any object with a numeric `kind` is a node, and every other
// field of it that holds objects may hold child nodes. It replaces visitor-as, whose only published
// line peers on assemblyscript ^0.25 and so cannot be a dependency of a package pinning 0.27.
import type { Node } from "assemblyscript/dist/assemblyscript.js";

/** Calls `fn` on `root` and every node below it, each once, parents before children. */
export function forEachNode(root: unknown, fn: (node: Node) => void): void {
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const x of value) visit(x);
      return;
    }
    const n = value as Node;
    if (typeof n.kind !== "number") return;
    fn(n);
    for (const [k, v] of Object.entries(n)) {
      // `range` leads back to the Source (and so every statement of the file); `parent` upwards.
      if (k === "range" || k === "parent") continue;
      visit(v);
    }
  };
  visit(root);
}

/**
 * Gives `node` and everything under it the range of `from`. Generated code is parsed from a text
 * of its own, so without this its ranges would point into that text: asc needs ranges inside the
 * user's file, and diagnostics and panic locations then name the user's declaration.
 */
export function takeRange(node: Node, from: Node): void {
  forEachNode(node, (n) => {
    n.range = from.range;
  });
}
