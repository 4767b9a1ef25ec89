// Prints a CallReceipt for people: gas, events (decoded with the emitting contract's schema when
// one is known) and the call tree, indented by depth.
import { toHex, type CallReceipt, type CallTreeElem, type Event } from "#host-sim";
import type { SchemaCodec } from "./schema.js";

/** How the printer names contracts and finds their schemas. */
export interface Names {
  name(id: Uint8Array): string;
  codec(id: Uint8Array): SchemaCodec | undefined;
}

export function formatEvent(e: Event, names: Names): string {
  const decoded = names.codec(e.source)?.decodeEvent(e.topic, e.data);
  const data = decoded === undefined ? `0x${toHex(e.data)}` : JSON.stringify(decoded);
  return `${names.name(e.source)} ${e.topic} ${data}${e.reverted ? " (reverted)" : ""}`;
}

/**
 * The receipt's call tree lists nodes in Piecrust's order (reverse post-order: the root last).
 * With a depth per node the order, reversed, is a pre-order walk and can be indented; without one
 * the nodes are listed flat.
 */
export function formatCallTree(tree: CallTreeElem[], names: Names): string[] {
  const nodes = [...tree].reverse();
  return nodes.map((n, i) => {
    const depth = (n as CallTreeElem & { depth?: number }).depth ?? (i === 0 ? 0 : 1);
    return `${"  ".repeat(depth)}${names.name(n.contractId)} spent ${n.spent} of limit ${n.limit}`;
  });
}

export function formatReceipt(title: string, r: CallReceipt<unknown>, names: Names, result?: string): string {
  const lines = [`${title}`, `  gas     ${r.gasSpent} of ${r.gasLimit}`];
  if (result !== undefined) lines.push(`  result  ${result}`);
  if (r.events.length) {
    lines.push("  events");
    for (const e of r.events) lines.push(`    ${formatEvent(e, names)}`);
  }
  if (r.callTree.length) {
    lines.push("  calls");
    for (const l of formatCallTree(r.callTree, names)) lines.push(`    ${l}`);
  }
  return lines.join("\n");
}
