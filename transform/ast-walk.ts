// Every AST node under a root, each once. asc's nodes are plain objects with a numeric `kind`, and
// their fields are child nodes, arrays of them, or data. A small walker of our own, not visitor-as:
// its callers look only at a node's kind and a field or two, and this keeps visitor-as to codegen.ts.

import type { Node } from "assemblyscript/dist/assemblyscript.js";

/** Calls `onNode` for every node reachable from `root` (a node, an array of them, or a Source's statements). */
export function walkAst(root: unknown, onNode: (n: Node) => void): void {
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const x of node) visit(x);
      return;
    }
    const n = node as Node;
    if (typeof n.kind !== "number") return;
    onNode(n);
    for (const [k, v] of Object.entries(n)) {
      // `range` leads back to the Source (and every statement); the rest are child nodes or data.
      if (k === "range" || k === "parent") continue;
      visit(v);
    }
  };
  visit(root);
}
