// Mirrors nothing in dusk-wasmtime (whose fuel_increment_var charges at every `if`): finds the `if`s
// whose consequent can only leave the function, so the rewrite may charge across them (metering.ts).
import { Code, EMPTY_BLOCK, OpClass, type Op } from "./wasm/ops.js";

interface Open {
  /** Where an `if` with the empty block type starts; -1 for any other construct. */
  at: number;
  /** It has an `else`, or a branch targets or leaves it. */
  spoiled: boolean;
}

/**
 * An exit `if` has the empty block type, no `else`, no branch that targets or leaves it, and a
 * consequent whose last operator is `unreachable` or `return`. So it is left only by a trap or by
 * returning, and its `end` is reached only when the condition was false. AssemblyScript puts one
 * before every bounds-checked access: `if (i >= len) { abort(…); unreachable }`.
 *
 * Such an `if` changes nothing when not taken, so the rewrite keeps charging the straight line
 * around it as one stretch and charges what the stretch owes first thing inside it: every point
 * that can observe the fuel (a call, a save, a check, the exit) sees the same value as with a
 * charge at the `if`. And a loop iteration that takes it never reaches the loop's header again, so
 * a call inside it does not stop the loop's checks from being batched (loops.ts).
 *
 * Fed every operator of one body in order (metering.ts scanCode), in the same pass as the others.
 */
export class ExitIfFinder {
  private readonly open: Open[] = [];
  private last = -1;
  private found = new Set<number>();

  /** Starts a body: its own block is the outermost construct. */
  begin(): void {
    this.open.length = 0;
    this.open.push({ at: -1, spoiled: false });
    this.last = -1;
    this.found = new Set();
  }

  op(op: Op, code: Uint8Array): void {
    switch (op.cls) {
      case OpClass.Block:
      case OpClass.Loop:
        this.open.push({ at: -1, spoiled: false });
        break;
      case OpClass.If:
        this.open.push({ at: code[op.start + 1] === EMPTY_BLOCK ? op.start : -1, spoiled: false });
        break;
      case OpClass.Else:
        this.open[this.open.length - 1].spoiled = true;
        break;
      case OpClass.End: {
        const f = this.open.pop();
        if (f && f.at >= 0 && !f.spoiled && (this.last === Code.Unreachable || this.last === Code.Return)) this.found.add(f.at);
        break;
      }
      case OpClass.Br:
      case OpClass.BrIf:
      case OpClass.BrTable: {
        // every construct from the innermost out to the farthest target is left or targeted
        let deepest = 0;
        for (const d of op.depths) deepest = Math.max(deepest, d);
        const far = Math.max(0, this.open.length - 1 - deepest);
        for (let k = far; k < this.open.length; k++) this.open[k].spoiled = true;
        break;
      }
    }
    this.last = op.code;
  }

  /** The start offsets, in the body's code, of its exit `if`s. */
  end(): Set<number> {
    return this.found;
  }
}
