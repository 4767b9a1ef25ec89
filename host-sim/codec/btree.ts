import type { Decoder } from "./decode.js";
import type { Encoder } from "./encode.js";
import { alignUp, univariant, type FieldShape, type Layout } from "./layout.js";
import type { RType } from "./types.js";
import { compareValues } from "./values.js";

/**
 * rkyv 0.7's ArchivedBTreeMap: a B+ tree of nodes built bottom-up from the
 * largest key down. Each node is `[out-of-line data][pad][header][entries]`,
 * where the header is `{meta: u16, size: u32, ptr: RelPtr}` (rustc orders it
 * size, ptr, meta) and `size` counts the data and padding before the header.
 */

/** rkyv closes a node once its estimated size reaches this. */
const MAX_NODE_SIZE = 4096;
// As in every rkyv 0.7 release (an early revision used 3).
const MIN_INNER_ENTRIES = 2;
/**
 * Inner nodes start aligned to align_of::<NodeHeaderData>() (a native struct
 * holding a usize): 4 on wasm32, where contracts serialize. rustc on x86_64
 * would use 8; validation does not look at that padding either way.
 */
const NATIVE_HEADER_ALIGN = 4;
const INNER_FLAG = 0x8000;

const REL_PTR: FieldShape = { size: 4, align: 4, niche: null };

interface Shapes {
  header: { size: number; align: number; metaAt: number; sizeAt: number; ptrAt: number };
  leaf: { size: number; align: number; keyAt: number; valueAt: number; entriesAt: number };
  inner: { size: number; align: number; ptrAt: number; keyAt: number; entriesAt: number };
}

function shapes(key: Layout, value: Layout): Shapes {
  const h = univariant([{ size: 2, align: 2, niche: null }, { size: 4, align: 4, niche: null }, REL_PTR], {
    reorder: true,
    unsizedTail: false,
  });
  const leaf = univariant([key, value], { reorder: true, unsizedTail: false });
  const inner = univariant([REL_PTR, key], { reorder: true, unsizedTail: false });
  return {
    header: { size: h.size, align: h.align, metaAt: h.offsets[0]!, sizeAt: h.offsets[1]!, ptrAt: h.offsets[2]! },
    leaf: { size: leaf.size, align: leaf.align, keyAt: leaf.offsets[0]!, valueAt: leaf.offsets[1]!, entriesAt: alignUp(h.size, leaf.align) },
    inner: { size: inner.size, align: inner.align, ptrAt: inner.offsets[0]!, keyAt: inner.offsets[1]!, entriesAt: alignUp(h.size, inner.align) },
  };
}

interface Pending {
  key: unknown;
  value: unknown;
  keyRes: unknown;
  valueRes: unknown;
}

/** Writes the tree for ascending, duplicate-free `entries`; returns the root node position (0 if empty). */
export function serializeBTree(enc: Encoder, keyT: RType, valueT: RType, entries: [unknown, unknown][], path: string): number {
  if (entries.length === 0) return 0;
  const s = shapes(enc.layout(keyT, path), enc.layout(valueT, path));
  const w = enc.w;
  const writeHeader = (at: number, meta: number, size: number, target: number | null): void => {
    w.setU16(at + s.header.metaAt, meta);
    w.setU32(at + s.header.sizeAt, size);
    const ptr = at + s.header.ptrAt;
    w.setRel(ptr, ptr, target ?? ptr);
  };

  // (first key, node position) of the finished nodes of the level below, largest keys first.
  let level: { key: unknown; at: number }[] = [];
  let i = entries.length - 1;
  while (i >= 0) {
    const start = w.pos;
    const block: Pending[] = [];
    const take = (): void => {
      const [key, value] = entries[i]!;
      const keyRes = enc.deps(keyT, key, `${path}[${i}].key`);
      const valueRes = enc.deps(valueT, value, `${path}[${i}].value`);
      block.push({ key, value, keyRes, valueRes });
      i--;
    };
    take();
    while (i >= 0 && w.pos - start + s.header.size + block.length * s.leaf.size < MAX_NODE_SIZE) take();
    w.padTo(Math.max(s.header.align, s.leaf.align));
    const node = w.reserve(s.header.size);
    // A leaf links to the next leaf in key order; the last leaf points at itself.
    writeHeader(node, block.length, node - start, level.length ? level[level.length - 1]!.at : null);
    level.push({ key: block[block.length - 1]!.key, at: node });
    w.padTo(s.leaf.align);
    for (let j = block.length - 1; j >= 0; j--) {
      const e = block[j]!;
      const at = w.reserve(s.leaf.size);
      enc.object(keyT, e.key, e.keyRes, at + s.leaf.keyAt, `${path}.key`);
      enc.object(valueT, e.value, e.valueRes, at + s.leaf.valueAt, `${path}.value`);
    }
  }

  while (level.length > 1) {
    const below = level;
    level = [];
    let k = 0;
    while (below.length - k > 1) {
      const start = w.pos;
      const block: { key: unknown; at: number; keyRes: unknown }[] = [];
      const take = (): void => {
        const e = below[k++]!;
        block.push({ ...e, keyRes: enc.deps(keyT, e.key, `${path}.key`) });
      };
      while (below.length - k > 1) {
        take();
        if (w.pos - start + s.header.size + block.length * s.inner.size >= MAX_NODE_SIZE && block.length >= MIN_INNER_ENTRIES) break;
      }
      // Never leave a single child for the next inner node.
      if (below.length - k === 2) take();
      // The node with the smallest keys hangs off the header pointer, without a key.
      const first = below[k++]!;
      w.padTo(Math.max(NATIVE_HEADER_ALIGN, s.inner.align));
      const node = w.reserve(s.header.size);
      writeHeader(node, INNER_FLAG | block.length, node - start, first.at);
      level.push({ key: first.key, at: node });
      w.padTo(s.inner.align);
      for (let j = block.length - 1; j >= 0; j--) {
        const e = block[j]!;
        const at = w.reserve(s.inner.size);
        w.setRel(at + s.inner.ptrAt, at + s.inner.ptrAt, e.at);
        enc.object(keyT, e.key, e.keyRes, at + s.inner.keyAt, `${path}.key`);
      }
    }
  }
  return level[0]!.at;
}

interface Node {
  at: number;
  inner: boolean;
  /** Target of the header pointer: next leaf, or the least child of an inner node. */
  ptr: number;
  /** The header pointer's raw offset (0 marks the last leaf). */
  ptrOffset: number;
  keys: unknown[];
  values: unknown[];
  /** Inner nodes: child position per entry. */
  children: number[];
}

/**
 * Validates and reads a map, visiting everything in the order rkyv's
 * CheckBytes does so claims are checked against the same windows:
 * the root node's data, then breadth-first the children of each inner node
 * (least child first), each node's entries from last to first.
 */
export function decodeBTree(dec: Decoder, keyT: RType, valueT: RType, at: number, path: string): [unknown, unknown][] {
  const len = dec.u32(at);
  // rkyv never follows the root pointer of an empty map.
  if (len === 0) return [];
  const s = shapes(dec.layout(keyT, path), dec.layout(valueT, path));
  const zstEntries = s.leaf.size === 0;

  const claimNode = (nodeAt: number, where: string): Node => {
    dec.claim(nodeAt, s.header.size, s.header.align, where);
    const meta = dec.u16(nodeAt + s.header.metaAt);
    const inner = (meta & INNER_FLAG) !== 0;
    const count = meta & 0x7fff;
    const e = inner ? s.inner : s.leaf;
    const end = nodeAt + e.entriesAt + count * e.size;
    // rkyv reads the entries without bounds checks; insist they lie inside the window.
    if (end > dec.we) dec.fail(`B-tree node at ${nodeAt} with ${count} entries overruns its window ending at ${dec.we}`, where);
    return contents(nodeAt, inner, count, where);
  };

  const contents = (nodeAt: number, inner: boolean, count: number, where: string): Node => {
    if (inner && count + 1 < MIN_INNER_ENTRIES) dec.fail(`too few inner node entries: ${count + 1}`, where);
    if (!inner && count < 1) dec.fail("empty leaf node", where);
    if (!inner && zstEntries && count > 1) dec.fail(`leaf of zero-sized entries holds ${count} entries`, where);
    const size = dec.u32(nodeAt + s.header.sizeAt);
    const start = nodeAt - size;
    if (start < 0) dec.fail(`pointer out of bounds: node data size ${size} reaches before the buffer`, where);
    if (start < dec.ws) dec.fail(`node data at ${start} overlaps data claimed before (window starts at ${dec.ws})`, where);
    const ptrAt = nodeAt + s.header.ptrAt;
    const ptrOffset = dec.i32(ptrAt);
    const node: Node = { at: nodeAt, inner, ptr: ptrAt + ptrOffset, ptrOffset, keys: new Array(count), values: [], children: [] };
    const saved = dec.pushSuffix(start, nodeAt, where);
    for (let idx = count - 1; idx >= 0; idx--) {
      if (inner) {
        const e = nodeAt + s.inner.entriesAt + idx * s.inner.size;
        node.children[idx] = e + s.inner.ptrAt + dec.i32(e + s.inner.ptrAt);
        node.keys[idx] = dec.value(keyT, e + s.inner.keyAt, `${where}.keys[${idx}]`);
      } else {
        const e = nodeAt + s.leaf.entriesAt + idx * s.leaf.size;
        node.keys[idx] = dec.value(keyT, e + s.leaf.keyAt, `${where}.keys[${idx}]`);
        node.values[idx] = dec.value(valueT, e + s.leaf.valueAt, `${where}.values[${idx}]`);
      }
    }
    dec.popSuffix(saved);
    return node;
  };

  const rootAt = dec.rel(at + 4);
  const byPos = new Map<number, Node>();
  const queue: { node: Node; depth: number }[] = [];
  dec.claim(rootAt, s.header.size, s.header.align, `${path}.root`);
  const rootMeta = dec.u16(rootAt + s.header.metaAt);
  const rootInner = (rootMeta & INNER_FLAG) !== 0;
  const rootCount = rootMeta & 0x7fff;
  const rootEnd = rootAt + (rootInner ? s.inner.entriesAt + rootCount * s.inner.size : s.leaf.entriesAt + rootCount * s.leaf.size);
  if (rootEnd > dec.we) dec.fail(`B-tree root node with ${rootCount} entries overruns its window ending at ${dec.we}`, `${path}.root`);
  const saved = dec.pushPrefix(rootAt, rootEnd, path);
  const root = contents(rootAt, rootInner, rootCount, `${path}.root`);
  byPos.set(rootAt, root);
  queue.push({ node: root, depth: 0 });
  let head = 0;
  while (head < queue.length && queue[head]!.node.inner) {
    const { node, depth } = queue[head++]!;
    const kids = [node.ptr, ...node.children];
    kids.forEach((child, n) => {
      const where = `${path}.node@${child}`;
      const c = claimNode(child, n === 0 ? `${where}(least child of ${node.at})` : where);
      byPos.set(child, c);
      queue.push({ node: c, depth: depth + 1 });
    });
  }
  dec.popPrefix(saved);

  const leaves = queue.slice(head);
  const out: [unknown, unknown][] = [];
  const cmp = (a: unknown, b: unknown): number => compareValues(dec.scope, keyT, a, b);
  leaves.forEach(({ node, depth }, i) => {
    const where = `${path}.node@${node.at}`;
    if (node.inner) dec.fail("inner node in leaf level", where);
    if (depth !== leaves[0]!.depth) dec.fail(`expected leaf node depth ${leaves[0]!.depth} but found ${depth}`, where);
    for (let k = 1; k < node.keys.length; k++) {
      if (cmp(node.keys[k], node.keys[k - 1]) < 0) dec.fail("leaf node contains keys in unsorted order", where);
    }
    if (i < leaves.length - 1) {
      const next = leaves[i + 1]!.node;
      dec.checkPtr(node.ptr, s.header.size, s.header.align, where);
      if (node.ptr !== next.at) dec.fail("leaf nodes are not linked in the sorted order", where);
      if (cmp(next.keys[0], node.keys[node.keys.length - 1]) < 0) dec.fail("leaf nodes are not linked in sorted order", where);
    } else if (node.ptrOffset !== 0) {
      dec.fail("the forward pointer of the last leaf was not null", where);
    }
    for (let k = 0; k < node.keys.length; k++) out.push([node.keys[k], node.values[k]]);
  });
  if (out.length !== len) dec.fail(`expected ${len} entries but there were actually ${out.length} entries`, path);

  const firstKey = (node: Node): unknown => {
    if (!node.inner) return node.keys[0];
    node.children.forEach((child, k) => {
      if (cmp(node.keys[k], firstKey(byPos.get(child)!)) !== 0) dec.fail("incorrect child key in inner node", `${path}.node@${node.at}`);
    });
    return firstKey(byPos.get(node.ptr)!);
  };
  if (root.inner) firstKey(root);
  return out;
}
