// Mirrors no Piecrust file: the value of a constant expression (a global's or a data segment's
// initializer), as wasmtime computes it at instantiation. Piecrust reads `A` from the instance, so
// whatever initializer the engine accepts counts, not only a literal.
import { ByteReader, WasmDecodeError } from "./bytes.js";
import { Code } from "./ops.js";
import { ValType, type WasmModule } from "./module.js";

/**
 * The integer value of `expr` (bytes up to and including `end`) as an unsigned number of `bits`
 * (32 or 64), or undefined when it cannot be known before instantiation (an imported global, a
 * float or reference, an operator outside the constant set).
 */
export function constValue(m: WasmModule, expr: Uint8Array, bits: 32 | 64, depth = 0): bigint | undefined {
  if (depth > 16) return undefined;
  const r = new ByteReader(expr);
  const stack: bigint[] = [];
  try {
    for (;;) {
      const op = r.u8();
      if (op === Code.End) break;
      if (op === Code.I32Const) stack.push(BigInt(r.s32()));
      else if (op === Code.I64Const) stack.push(r.s64());
      else if (op === Code.GlobalGet) {
        const v = globalValue(m, r.u32(), depth);
        if (v === undefined) return undefined;
        stack.push(v);
      } else {
        const b = stack.pop();
        const a = stack.pop();
        if (a === undefined || b === undefined) return undefined;
        if (op === Code.I32Add || op === Code.I64Add) stack.push(a + b);
        else if (op === Code.I32Sub || op === Code.I64Sub) stack.push(a - b);
        else if (op === Code.I32Mul || op === Code.I64Mul) stack.push(a * b);
        else return undefined;
      }
    }
  } catch (e) {
    if (e instanceof WasmDecodeError) return undefined;
    throw e;
  }
  return stack.length === 1 ? BigInt.asUintN(bits, stack[0]) : undefined;
}

/** The value of defined global `index` when it is an immutable integer known at compile time. */
function globalValue(m: WasmModule, index: number, depth: number): bigint | undefined {
  const imported = m.imports.filter((i) => i.global !== undefined).length;
  const g = m.globals[index - imported];
  if (index < imported || !g || g.mutable || (g.type !== ValType.I32 && g.type !== ValType.I64)) return undefined;
  return constValue(m, g.init, g.type === ValType.I32 ? 32 : 64, depth + 1);
}
