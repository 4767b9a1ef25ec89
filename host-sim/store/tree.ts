// Mirrors dusk-merkle 0.5 `Tree`/`Node` as used by piecrust/src/store/tree.rs: a sparse K-ary Merkle tree.
// Divergence: the tree is persistent (immutable nodes, path copying), so a commit's tree is shared by
// every session based on it and a root() computation never copies or mutates the base.
import { StoreError } from "./errors.js";
import { HASH_LEN, hashNode, ZERO_HASH } from "./hash.js";

/**
 * A present node. Presence is structural: a leaf exists once inserted (whatever its value), an inner
 * node exists once any leaf below it exists. Absent subtrees are `null` and count as 32 zero bytes.
 */
export interface TreeNode {
  readonly value: Uint8Array;
  /** `null` for a leaf; otherwise exactly `arity` entries. */
  readonly children: ReadonlyArray<TreeNode | null> | null;
}

export interface LeafUpdate {
  pos: number;
  value: Uint8Array;
}

export class TreeShape {
  readonly capacity: number;
  /** spans[d] = arity^(height-d-1): how many leaf positions one child of a depth-d node covers. */
  private readonly spans: number[];

  constructor(readonly height: number, readonly arity: number) {
    this.capacity = arity ** height;
    this.spans = [];
    for (let d = 0; d < height; d++) this.spans.push(arity ** (height - d - 1));
  }

  /** Root value of a tree (32 zero bytes when empty). */
  rootOf(root: TreeNode | null): Uint8Array {
    return root ? root.value : ZERO_HASH;
  }

  /**
   * Inserts (or overwrites) leaves and returns the new root; `root` is left untouched.
   * Every inner node on the touched paths is hashed once, so the cost is
   * O(touched paths × height) regardless of how many leaves the tree holds.
   */
  insertMany(root: TreeNode | null, updates: readonly LeafUpdate[]): TreeNode | null {
    if (updates.length === 0) return root;
    for (const u of updates) {
      if (!Number.isInteger(u.pos) || u.pos < 0 || u.pos >= this.capacity)
        throw new StoreError("InvalidChange", `leaf position ${u.pos} outside a tree of ${this.capacity} leaves`);
      if (u.value.length !== HASH_LEN) throw new StoreError("InvalidChange", `a leaf value is ${HASH_LEN} bytes, got ${u.value.length}`);
    }
    return this.build(root, 0, ascending(updates), 0, updates.length, 0);
  }

  insert(root: TreeNode | null, pos: number, value: Uint8Array): TreeNode | null {
    return this.insertMany(root, [{ pos, value }]);
  }

  private build(node: TreeNode | null, depth: number, ups: readonly LeafUpdate[], lo: number, hi: number, offset: number): TreeNode {
    if (depth === this.height) return { value: ups[hi - 1].value, children: null };
    const span = this.spans[depth];
    const children: (TreeNode | null)[] = node && node.children ? node.children.slice() : new Array(this.arity).fill(null);
    let i = lo;
    while (i < hi) {
      const c = Math.floor((ups[i].pos - offset) / span);
      let j = i + 1;
      while (j < hi && Math.floor((ups[j].pos - offset) / span) === c) j++;
      children[c] = this.build(children[c], depth + 1, ups, i, j, offset + c * span);
      i = j;
    }
    return { value: hashChildren(children), children };
  }

  /** The value at a leaf position, or undefined when that leaf is absent. */
  get(root: TreeNode | null, pos: number): Uint8Array | undefined {
    let node = root;
    let rem = pos;
    for (let d = 0; d < this.height && node; d++) {
      const span = this.spans[d];
      const c = Math.floor(rem / span);
      rem -= c * span;
      node = node.children ? node.children[c] : null;
    }
    return node ? node.value : undefined;
  }

  /** Present leaves in ascending position order. */
  *leaves(root: TreeNode | null): Generator<[number, Uint8Array]> {
    if (root) yield* this.walk(root, 0, 0);
  }

  private *walk(node: TreeNode, depth: number, offset: number): Generator<[number, Uint8Array]> {
    if (depth === this.height) {
      yield [offset, node.value];
      return;
    }
    const span = this.spans[depth];
    const ch = node.children!;
    for (let c = 0; c < this.arity; c++) {
      const child = ch[c];
      if (child) yield* this.walk(child, depth + 1, offset + c * span);
    }
  }

  /**
   * Sibling values along the path to `pos`, root first: the data an inclusion proof needs
   * (section 11.6). Returns undefined when the leaf is absent.
   */
  opening(root: TreeNode | null, pos: number): { leaf: Uint8Array; levels: Uint8Array[][] } | undefined {
    const levels: Uint8Array[][] = [];
    let node = root;
    let rem = pos;
    for (let d = 0; d < this.height && node; d++) {
      const span = this.spans[d];
      const c = Math.floor(rem / span);
      rem -= c * span;
      levels.push(node.children!.map((ch) => (ch ? ch.value : ZERO_HASH)));
      node = node.children![c];
    }
    return node ? { leaf: node.value, levels } : undefined;
  }
}

/**
 * The updates by position, for duplicate positions the last one last (it wins, as repeated inserts
 * would). Sorted on a copy only when they are not strictly ascending already, as a root's usually are.
 */
function ascending(updates: readonly LeafUpdate[]): readonly LeafUpdate[] {
  let sorted = true;
  for (let i = 1; i < updates.length && sorted; i++) sorted = updates[i - 1].pos < updates[i].pos;
  if (sorted) return updates;
  return updates.map((u, i) => ({ u, i })).sort((a, b) => a.u.pos - b.u.pos || a.i - b.i).map((x) => x.u);
}

function hashChildren(children: ReadonlyArray<TreeNode | null>): Uint8Array {
  // Only called for nodes with at least one present child; an all-absent node never exists.
  return hashNode(children.map((c) => (c ? c.value : null)));
}
