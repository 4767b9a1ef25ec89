// Mirrors piecrust/src/call_tree.rs: the tree of frames of one top-level call, its cursor (the
// running frame), the depth of the active path, and the receipt's per-node self gas.

/** One frame of a call tree (Piecrust's `CallTreeElem`): a contract, its gas limit and the gas it spent. */
export interface CallTreeElem {
  /** The 32-byte id of the called contract. */
  contractId: Uint8Array;
  /**
   * The called function. Not in Piecrust's CallTreeElem: it lets a receipt's gas be reported per
   * function (`piecrust-as test --gas-report`).
   */
  fnName: string;
  /** The frame's gas limit (u64, bigint). */
  limit: bigint;
  /** While running: total consumption of a finished child; in receipts: the node's own gas. */
  spent: bigint;
  /** The contract's memory length in bytes when the frame was pushed. */
  memLen: number;
  /**
   * Distance from the root frame (0 for the root). Not in Piecrust's CallTreeElem: it lets a flat
   * receipt (reverse post-order) be printed back as a tree.
   */
  depth: number;
}

interface Node {
  elem: CallTreeElem;
  children: Node[];
  parent: Node | null;
}

export class CallTree {
  private cursor: Node | null = null;
  private depthCount = 0;

  get depth(): number {
    return this.depthCount;
  }

  push(elem: CallTreeElem): void {
    const node: Node = { elem, children: [], parent: this.cursor };
    if (this.cursor) this.cursor.children.push(node);
    this.cursor = node;
    this.depthCount = this.cursor.parent ? this.depthCount + 1 : 1;
    elem.depth = this.depthCount - 1;
  }

  /** The frame `n` levels above the running one (0 = the running frame). */
  nthParent(n: number): CallTreeElem | undefined {
    let node = this.cursor;
    for (let i = 0; i < n && node; i++) node = node.parent;
    return node?.elem;
  }

  /** Finishes the running child successfully: it stays in the tree with its total `spent`. */
  moveUp(spent: bigint): void {
    const node = this.cursor!;
    node.elem.spent = spent;
    this.cursor = node.parent;
    this.depthCount = node.parent ? this.depthCount - 1 : 0;
  }

  /** Finishes the running child with a failure: it and its subtree leave the tree. */
  moveUpPrune(): void {
    const node = this.cursor!;
    if (node.parent) node.parent.children.pop();
    this.cursor = node.parent;
    this.depthCount = node.parent ? this.depthCount - 1 : 0;
  }

  /** Ids on the active path, the running frame first. */
  callIds(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let n = this.cursor; n; n = n.parent) out.push(n.elem.contractId);
    return out;
  }

  /**
   * The running frame's subtree in receipt order: reverse post-order, rightmost deepest node first,
   * the subtree's root last (call_tree.rs CallTreeIter).
   */
  subtree(): CallTreeElem[] {
    const out: CallTreeElem[] = [];
    const visit = (n: Node) => {
      for (let i = n.children.length - 1; i >= 0; i--) visit(n.children[i]);
      out.push(n.elem);
    };
    if (this.cursor) visit(this.cursor);
    return out;
  }

  /**
   * The running frame's last finished child as a receipt's tree (own gas per node, depths from 0),
   * or [] when it has none; the tree itself is left as it is.
   */
  lastChildReceipt(): CallTreeElem[] {
    const child = this.cursor?.children.at(-1);
    if (!child) return [];
    const out: CallTreeElem[] = [];
    const visit = (n: Node, depth: number) => {
      for (let i = n.children.length - 1; i >= 0; i--) visit(n.children[i], depth + 1);
      const own = n.children.reduce((s, c) => s - c.elem.spent, n.elem.spent);
      out.push({ ...n.elem, spent: own, depth });
    };
    visit(child, 0);
    return out;
  }

  /** Sets the root's total and turns every node's total into its own share (update_spent). */
  finish(totalSpent: bigint): CallTreeElem[] {
    const root = this.cursor!;
    root.elem.spent = totalSpent;
    const fix = (n: Node) => {
      for (const c of n.children) {
        n.elem.spent -= c.elem.spent;
        fix(c);
      }
    };
    fix(root);
    const out = this.subtree();
    this.clear();
    return out;
  }

  clear(): void {
    this.cursor = null;
    this.depthCount = 0;
  }
}
