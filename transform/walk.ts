// Reads binaryen IR through binaryen.js's API, which has no expression visitor: every expression of
// every function body and global initializer, found through getExpressionInfo's child fields. Used
// by the fix-up (persist.ts) to learn which globals are read and which functions are called.
import type binaryenNs from "binaryen";

type Binaryen = typeof binaryenNs;
type Module = binaryenNs.Module;

/** The child fields of each expression kind, as getExpressionInfo names them (binaryen 116). */
function childFields(b: Binaryen): Map<number, { one: string[]; many: string[] }> {
  const t = new Map<number, { one: string[]; many: string[] }>();
  const add = (id: number, one: string[], many: string[] = []) => t.set(id, { one, many });
  add(b.BlockId, [], ["children"]);
  add(b.IfId, ["condition", "ifTrue", "ifFalse"]);
  add(b.LoopId, ["body"]);
  add(b.BreakId, ["condition", "value"]);
  add(b.SwitchId, ["condition", "value"]);
  add(b.CallId, [], ["operands"]);
  add(b.CallIndirectId, ["target"], ["operands"]);
  add(b.LocalSetId, ["value"]);
  add(b.GlobalSetId, ["value"]);
  add(b.TableGetId, ["index"]);
  add(b.TableSetId, ["index", "value"]);
  add(b.TableGrowId, ["value", "delta"]);
  add(b.LoadId, ["ptr"]);
  add(b.StoreId, ["ptr", "value"]);
  add(b.UnaryId, ["value"]);
  add(b.BinaryId, ["left", "right"]);
  add(b.SelectId, ["ifTrue", "ifFalse", "condition"]);
  add(b.DropId, ["value"]);
  add(b.ReturnId, ["value"]);
  add(b.MemoryGrowId, ["delta"]);
  add(b.AtomicRMWId, ["ptr", "value"]);
  add(b.AtomicCmpxchgId, ["ptr", "expected", "replacement"]);
  add(b.AtomicWaitId, ["ptr", "expected", "timeout"]);
  add(b.AtomicNotifyId, ["ptr", "notifyCount"]);
  add(b.SIMDExtractId, ["vec"]);
  add(b.SIMDReplaceId, ["vec", "value"]);
  add(b.SIMDShuffleId, ["left", "right"]);
  add(b.SIMDTernaryId, ["a", "b", "c"]);
  add(b.SIMDShiftId, ["vec", "shift"]);
  add(b.SIMDLoadId, ["ptr"]);
  add(b.SIMDLoadStoreLaneId, ["ptr", "vec"]);
  add(b.MemoryInitId, ["dest", "offset", "size"]);
  add(b.MemoryCopyId, ["dest", "source", "size"]);
  add(b.MemoryFillId, ["dest", "value", "size"]);
  // binaryen.js 116 calls it RefIsNullId; its type declarations say RefIsId.
  add((b as unknown as { RefIsNullId: number }).RefIsNullId, ["value"]);
  add(b.RefAsId, ["value"]);
  add(b.RefEqId, ["left", "right"]);
  add(b.TryId, ["body"], ["catchBodies"]);
  add(b.ThrowId, [], ["operands"]);
  add(b.TupleMakeId, [], ["operands"]);
  add(b.TupleExtractId, ["tuple"]);
  for (const leaf of [b.ConstId, b.NopId, b.UnreachableId, b.PopId, b.LocalGetId, b.GlobalGetId, b.TableSizeId, b.MemorySizeId,
    b.AtomicFenceId, b.RefNullId, b.RefFuncId, b.DataDropId, b.RethrowId]) add(leaf, []);
  return t;
}

export interface ModuleUses {
  /** Names of the globals some expression reads. */
  globalsRead: Set<string>;
  /** Names of the functions some `call` targets. */
  functionsCalled: Set<string>;
  /** For each global, the functions whose code sets it (a global initializer sets none). */
  globalWriters: Map<string, Set<string>>;
}

/** Which globals are read and which functions are called anywhere in `m`'s code and initializers. */
export function moduleUses(b: Binaryen, m: Module): ModuleUses {
  const fields = childFields(b);
  const uses: ModuleUses = { globalsRead: new Set(), functionsCalled: new Set(), globalWriters: new Map() };
  const pending: number[] = [];
  const visit = (root: number, fn: string | null) => {
    pending.push(root);
    while (pending.length) {
      const expr = pending.pop()!;
      if (!expr) continue;
      const info = b.getExpressionInfo(expr) as unknown as Record<string, unknown> & { id: number };
      const kind = fields.get(info.id);
      // An expression kind this table does not know could hide a read: fail loudly, never guess.
      if (!kind) throw new Error(`piecrust-as cannot inspect binaryen expression kind ${info.id}; update transform/walk.ts`);
      if (info.id === b.GlobalGetId) uses.globalsRead.add(info.name as string);
      else if (info.id === b.CallId) uses.functionsCalled.add(info.target as string);
      else if (info.id === b.GlobalSetId && fn !== null) {
        const g = info.name as string;
        if (!uses.globalWriters.has(g)) uses.globalWriters.set(g, new Set());
        uses.globalWriters.get(g)!.add(fn);
      }
      for (const f of kind.one) pending.push(info[f] as number);
      for (const f of kind.many) pending.push(...(info[f] as number[]));
    }
  };
  for (let i = 0, n = m.getNumFunctions(); i < n; i++) {
    const f = b.getFunctionInfo(m.getFunctionByIndex(i));
    if (!f.module) visit(f.body, f.name);
  }
  for (let i = 0, n = m.getNumGlobals(); i < n; i++) {
    const g = b.getGlobalInfo(m.getGlobalByIndex(i));
    if (!g.module) visit(g.init, null);
  }
  return uses;
}
