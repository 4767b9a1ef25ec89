// Mirrors nothing in dusk-wasmtime (whose fuel_increment_var charges at every `if`): finds the `if`s
// whose `end` only the untaken path reaches, so the rewrite may charge across them (metering.ts).
import { Code, EMPTY_BLOCK, OpClass, type Op } from "./wasm/ops.js";

interface Open {
  /** Where an `if` with the empty block type starts; -1 for any other construct. */
  at: number;
  /** It has an `else`, or a branch targets it: its `end` can be reached from inside. */
  joined: boolean;
  /** A branch leaves it for a construct around it. */
  left: boolean;
}

/** What scanCode learns of a body's `if`s, by offset in its code. */
export interface IfKinds {
  /**
   * Empty block type, no `else`, no branch to it, and a consequent whose last operator is
   * `unreachable`, `return`, `br` or `br_table`: its `end` is reached only when the condition was
   * false, so it changes nothing then. AssemblyScript's `for` and `while` loops end their body in
   * one (`loop { if (cond) { …; br loop } }`), and put one before every bounds-checked access
   * (`if (i >= len) { abort(…); unreachable }`).
   *
   * The rewrite keeps charging the straight line around such an `if` as one stretch, and the
   * consequent starts owing what the stretch owed: it charges it with its own first charge, which
   * comes before anything in it can observe the fuel (a call, a save, a check, a branch, the exit),
   * so every one of those sees the value it would see with a charge at the `if`.
   */
  through: Set<number>;
  /**
   * Those of `through` that no branch leaves and whose consequent ends in `unreachable` or
   * `return`: a loop iteration that takes one never comes back to the loop's header, so a call
   * inside it does not stop the loop's checks from being batched (loops.ts).
   */
  exits: Set<number>;
}

/** Fed every operator of one body in order (metering.ts scanCode), in the same pass as the others. */
export class IfClassifier {
  private readonly open: Open[] = [];
  private last = -1;
  private kinds: IfKinds = { through: new Set(), exits: new Set() };

  /** Starts a body: its own block is the outermost construct. */
  begin(): void {
    this.open.length = 0;
    this.open.push({ at: -1, joined: false, left: false });
    this.last = -1;
    this.kinds = { through: new Set(), exits: new Set() };
  }

  op(op: Op, code: Uint8Array): void {
    switch (op.cls) {
      case OpClass.Block:
      case OpClass.Loop:
        this.open.push({ at: -1, joined: false, left: false });
        break;
      case OpClass.If:
        this.open.push({ at: code[op.start + 1] === EMPTY_BLOCK ? op.start : -1, joined: false, left: false });
        break;
      case OpClass.Else:
        this.open[this.open.length - 1].joined = true;
        break;
      case OpClass.End:
        this.close(this.open.pop());
        break;
      case OpClass.Br:
      case OpClass.BrIf:
      case OpClass.BrTable: {
        let deepest = 0;
        for (const d of op.depths) {
          deepest = Math.max(deepest, d);
          const target = this.open[this.open.length - 1 - d];
          if (target) target.joined = true;
        }
        // every construct inside the farthest target is left
        for (let k = Math.max(0, this.open.length - deepest); k < this.open.length; k++) this.open[k].left = true;
        break;
      }
    }
    this.last = op.code;
  }

  private close(f: Open | undefined): void {
    if (f === undefined || f.at < 0 || f.joined) return;
    const { last } = this;
    const exits = last === Code.Unreachable || last === Code.Return;
    if (exits || last === Code.Br || last === Code.BrTable) this.kinds.through.add(f.at);
    if (exits && !f.left) this.kinds.exits.add(f.at);
  }

  /** The body's `if`s of each kind. */
  end(): IfKinds {
    return this.kinds;
  }
}
