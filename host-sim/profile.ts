// Not in Piecrust: a gas profile of one top-level call. Profiled modules (module.ts `profile`) report
// every function's entry and exit with the fuel left; the session reports each contract frame's
// start and end. Every unit of the call's gas lands in exactly one node: the function (or, outside
// any function, the contract frame) that was running when it was charged.
import { HostSimBug } from "./error.js";

const I64_MAX = (1n << 63n) - 1n;

/** One node of a profile: a contract frame or a function within one, aggregated by call path. */
export interface ProfileNode {
  /** "contract" for a frame (an exported function called on a contract), "function" within it. */
  kind: "contract" | "function";
  /** The function's name (debug info, else `wasm-function[i]`); for a frame `<contract>.<export>`. */
  name: string;
  /** The contract's build name when known, else the first 8 bytes of its id in hex. */
  contract: string;
  /** For a function: its index in the contract's module (imports first), e.g. for its full debug name; -1 for a frame. */
  func: number;
  /** Gas charged while this node was running and none of its children was. */
  self: bigint;
  /** self plus every child's total. */
  total: bigint;
  children: ProfileNode[];
}

/** The profile of one top-level call (or deploy's `init`). */
export interface CallProfile {
  /** The root frame: the called contract and function. */
  root: ProfileNode;
  /** The call's gas spent as the receipt (or, for a failed call, the charge of its whole limit) gives it. */
  gasSpent: bigint;
  /** Whether the call failed (its whole limit is then spent, the rest in the failing function). */
  failed: boolean;
}

interface Node {
  kind: "contract" | "function";
  /** Function index, or -1 for a frame. */
  func: number;
  /** For a frame: the exported function called. */
  export: string;
  contractId: string;
  self: bigint;
  /** By function index, or `<contract id> <export>` for frames. */
  children: Map<number | string, Node>;
}

interface Level {
  /** The fuel the frame started with, as its wasm sees it. */
  start: bigint;
  /** The fuel the running frame had at its last event. */
  last: bigint;
  /** Fuel the frame holds above what its wasm sees (limits above i64::MAX). */
  reserve: bigint;
  /** Where the frame's nodes start on the node stack. */
  base: number;
}

/** Names functions and contracts when a profile is finished (the session's debug info). */
export type Namer = (contractId: string) => { contract: string; fn(index: number): string };

/** Collects the events of the running top-level call. */
export class GasProfiler {
  private stack: Node[] = [];
  private levels: Level[] = [];
  private root: Node | null = null;

  /** A contract frame starts with gas `limit`. */
  begin(contractId: string, exportName: string, limit: bigint): void {
    const node = this.child(this.stack[this.stack.length - 1], { kind: "contract", func: -1, export: exportName, contractId });
    const active = limit > I64_MAX ? I64_MAX : limit;
    this.levels.push({ start: active, last: active, reserve: limit - active, base: this.stack.length });
    this.stack.push(node);
  }

  /** A profiled function starts with `fuel` left (helper slot 3). */
  enter(func: number, fuel: bigint): void {
    this.charge(fuel);
    const top = this.stack[this.stack.length - 1];
    this.stack.push(top.children.get(func) ?? this.child(top, { kind: "function", func, export: "", contractId: top.contractId }));
  }

  /** A profiled function returns with `fuel` left (helper slot 4). */
  leave(fuel: bigint): void {
    this.charge(fuel);
    const level = this.levels[this.levels.length - 1];
    if (this.stack.length > level.base + 1) this.stack.pop();
  }

  /**
   * The running frame ends with `remaining` gas (0 for a failed frame, which is charged its whole
   * limit): the rest is charged where it stopped, and the caller's next event must not count the
   * frame's gas again.
   */
  end(remaining: bigint): void {
    const level = this.levels.pop()!;
    const raw = remaining - level.reserve;
    const left = raw < 0n ? 0n : raw;
    this.chargeTo(level, left);
    this.stack.length = level.base;
    // the caller's fuel drops by what the frame spent: its next event must not charge that again
    const parent = this.levels[this.levels.length - 1];
    if (parent) parent.last -= level.start - left;
  }

  /** The finished profile of the top-level call, names given by `namer`; the profiler is then empty. */
  finish(namer: Namer, gasSpent: bigint, failed: boolean): CallProfile {
    const root = this.root;
    this.stack = [];
    this.levels = [];
    this.root = null;
    if (!root) throw HostSimBug.because("a profile was finished with no frame profiled");
    const names = new Map<string, ReturnType<Namer>>();
    const once: Namer = (id) => names.get(id) ?? names.set(id, namer(id)).get(id)!;
    return { root: publish(root, once), gasSpent, failed };
  }

  private charge(fuel: bigint): void {
    const level = this.levels[this.levels.length - 1];
    if (level) this.chargeTo(level, fuel < 0n ? 0n : fuel);
  }

  private chargeTo(level: Level, fuel: bigint): void {
    this.stack[this.stack.length - 1].self += level.last - fuel;
    level.last = fuel;
  }

  private child(parent: Node | undefined, n: Omit<Node, "self" | "children">): Node {
    const key = n.kind === "contract" ? `${n.contractId} ${n.export}` : n.func;
    const existing = parent?.children.get(key);
    if (existing) return existing;
    const node: Node = { ...n, self: 0n, children: new Map() };
    if (parent) parent.children.set(key, node);
    else this.root = node;
    return node;
  }
}

function publish(n: Node, namer: Namer): ProfileNode {
  const names = namer(n.contractId);
  const children = [...n.children.values()].map((c) => publish(c, namer));
  return {
    kind: n.kind,
    name: n.kind === "contract" ? `${names.contract}.${n.export}` : names.fn(n.func),
    contract: names.contract,
    func: n.func,
    self: n.self,
    total: children.reduce((s, c) => s + c.total, n.self),
    children,
  };
}
