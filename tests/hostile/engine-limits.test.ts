// Valid contracts whose rewrite would cross one of V8's limits (issue #17 point 4): host-sim keeps
// the rewrite inside them where it can (fuel threading is only an optimisation) and otherwise
// refuses the deploy with an EngineLimitError naming the limit and the count, leaving no trace.
// V8_LIMITS is checked against V8 itself on raw modules at each limit and one past; the rewrite is
// tested at each limit and one past with small limits (the same code, reached in milliseconds), and
// at V8's real export limit with the issue's module.
import assert from "node:assert/strict";
import { test } from "node:test";
import { EngineLimitError, toHex, V8_LIMITS, VM, VMError } from "../../host-sim/index.js";
import type { EngineLimits } from "../../host-sim/engine-limits.js";
import { prepareContract } from "../../host-sim/module.js";
import { ByteWriter } from "../../host-sim/wasm/bytes.js";
import { encodeBody, encodeModule, ExternKind, ValType, type Body, type WasmModule } from "../../host-sim/wasm/module.js";
import { idOf, OWNER } from "../helpers/sim.js";

const I32 = ValType.I32;
const END = 0x0b;
const I32_CONST = 0x41;
const CALL = 0x10;
const IF = 0x04;
const EMPTY_BLOCK = 0x40;
const DROP = 0x1a;
const NOP = 0x01;

// ---- V8's limits, measured on raw modules ---------------------------------------------------

/** A module from (section id, count, one entry's bytes) triples: the fastest way to reach 10^6. */
function raw(...sections: Array<[id: number, count: number, entry: number[] | ((i: number) => number[])]>): Uint8Array {
  const w = new ByteWriter(1 << 20).bytes(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  for (const [id, count, entry] of sections) {
    const head = new ByteWriter().u32(count).finish();
    let content: Uint8Array;
    if (typeof entry === "function") {
      const s = new ByteWriter(1 << 16).bytes(head);
      for (let i = 0; i < count; i++) s.bytes(new Uint8Array(entry(i)));
      content = s.finish();
    } else {
      content = new Uint8Array(head.length + count * entry.length);
      content.set(head);
      if (count > 0) content.set(entry, head.length);
      // Doubling copies: 20 calls for a million entries.
      for (let have = entry.length; have < content.length - head.length; have *= 2) {
        content.copyWithin(head.length + have, head.length, head.length + Math.min(have, content.length - head.length - have));
      }
    }
    w.byte(id).framed(content);
  }
  return w.finish();
}
const NAME = (i: number) => [...new ByteWriter().name(`x${i}`).finish()];
const VOID_TYPE = [0x60, 0, 0];
const EMPTY_BODY = [2, 0, END];
const TYPE = 1, IMPORT = 2, FUNC = 3, TABLE = 4, GLOBAL = 6, EXPORT = 7, CODE = 10;

const V8_PROBES: Record<Exclude<keyof typeof V8_LIMITS, "functionSize">, (n: number) => Uint8Array> = {
  types: (n) => raw([TYPE, n, VOID_TYPE]),
  functions: (n) => raw([TYPE, 1, VOID_TYPE], [FUNC, n, [0]], [CODE, n, EMPTY_BODY]),
  imports: (n) => raw([TYPE, 1, VOID_TYPE], [IMPORT, n, (i) => [...NAME(0), ...NAME(i), ExternKind.Func, 0]]),
  globals: (n) => raw([GLOBAL, n, [I32, 0, I32_CONST, 0, END]]),
  exports: (n) => raw([TYPE, 1, VOID_TYPE], [FUNC, 1, [0]], [EXPORT, n, (i) => [...NAME(i), ExternKind.Func, 0]], [CODE, 1, EMPTY_BODY]),
  tables: (n) => raw([TABLE, n, [ValType.FuncRef, 0, 0]]),
  functionParams: (n) => raw([TYPE, 1, [0x60, ...new ByteWriter().u32(n).finish(), ...Array(n).fill(I32), 0]]),
  functionResults: (n) => raw([TYPE, 1, [0x60, 0, ...new ByteWriter().u32(n).finish(), ...Array(n).fill(I32)]]),
  functionLocals: (n) => {
    const body = [1, ...new ByteWriter().u32(n - 1).finish(), I32, END];
    return raw([TYPE, 1, [0x60, 1, I32, 0]], [FUNC, 1, [0]], [CODE, 1, [...new ByteWriter().u32(body.length).finish(), ...body]]);
  },
};

/**
 * V8_LIMITS are Node 20's, the lowest of the supported Node lines, so a module deploys on every line
 * or on none. Later V8s raised some (Node 24 takes more than 100,000 imports and exports).
 */
const NODE_MAJOR = Number(process.versions.node.split(".")[0]);

test("V8_LIMITS are V8's (Node 20's, the lowest): a module at each limit is valid, one past it is not", () => {
  for (const [limit, probe] of Object.entries(V8_PROBES)) {
    const max = V8_LIMITS[limit as keyof typeof V8_PROBES];
    assert.equal(WebAssembly.validate(probe(max) as Uint8Array<ArrayBuffer>), true, `${limit} = ${max}`);
    const onePast = WebAssembly.validate(probe(max + 1) as Uint8Array<ArrayBuffer>);
    if (onePast) assert.ok(NODE_MAJOR > 20, `${limit} = ${max + 1} is valid on Node ${NODE_MAJOR}`);
  }
  const sized = (size: number) => {
    // One function whose body (local count, nops, end) is `size` bytes.
    const head = raw([TYPE, 1, VOID_TYPE], [FUNC, 1, [0]]);
    const code = new ByteWriter(size + 16).byte(CODE).framed(new ByteWriter(size + 8).u32(1).framed(new Uint8Array(size).fill(NOP).fill(0, 0, 1).fill(END, size - 1)).finish()).finish();
    const out = new Uint8Array(head.length + code.length);
    out.set(head);
    out.set(code, head.length);
    return out;
  };
  assert.equal(WebAssembly.validate(sized(V8_LIMITS.functionSize) as Uint8Array<ArrayBuffer>), true);
  assert.equal(WebAssembly.validate(sized(V8_LIMITS.functionSize + 1) as Uint8Array<ArrayBuffer>), false);
});

// ---- the rewrite at each limit -------------------------------------------------------------

const body = (...code: number[]): Body => ({ locals: [], code: new Uint8Array([...code, END]), codeOffset: 0 });

/** A contract: one page, `A` at 0, an export `f` (function 0) returning 0, plus what `extra` adds. */
function contract(extra: (m: WasmModule) => void = () => {}): Uint8Array {
  const m: WasmModule = {
    types: [{ params: [I32], results: [I32] }],
    imports: [],
    functions: [0],
    tables: [],
    memories: [{ min: 1n, shared: false, is64: false }],
    globals: [{ type: I32, mutable: false, init: new Uint8Array([I32_CONST, 0, END]) }],
    exports: [
      { name: "memory", kind: ExternKind.Memory, index: 0 },
      { name: "A", kind: ExternKind.Global, index: 0 },
      { name: "f", kind: ExternKind.Func, index: 0 },
    ],
    bodies: [body(I32_CONST, 0)],
    data: [],
    hasTagSection: false,
  };
  extra(m);
  return encodeModule(m, (b) => encodeBody(b.locals, b.code));
}

/** Small limits: every count the rewrite adds is the same, so the boundaries move with them. */
const SMALL: EngineLimits = { types: 100, functions: 100, imports: 50, globals: 100, exports: 50, tables: 20, functionParams: 10, functionResults: 10, functionLocals: 100, functionSize: 200 };
const prepare = (bytes: Uint8Array, limits = SMALL, threadFuel = true) => prepareContract(bytes, { debug: false, threadFuel, limits });

function refusedAt(bytes: Uint8Array, limit: keyof EngineLimits, count: number, limits = SMALL): void {
  assert.throws(
    () => prepare(bytes, limits),
    (e: unknown) => {
      assert.ok(e instanceof EngineLimitError && e instanceof VMError, String(e));
      assert.equal(e.code, "RuntimeError");
      assert.deepEqual([e.limit, e.count, e.max, e.details.max], [limit, count, limits[limit], limits[limit]]);
      assert.match(e.message, new RegExp(`would have ${count} .*over V8's limit of ${limits[limit]}`));
      return true;
    },
  );
}

const mutableGlobals = (n: number) => contract((m) => {
  for (let i = 0; i < n; i++) m.globals.push({ type: I32, mutable: true, init: new Uint8Array([I32_CONST, 0, END]) });
});

test("exports: the rewrite adds 8 plus one per mutable global", () => {
  // The contract's 3 exports + the rewrite's gas, 4 page globals, helper table, stack-depth counter
  // and memory.size + one per mutable global.
  prepare(mutableGlobals(SMALL.exports - 11));
  refusedAt(mutableGlobals(SMALL.exports - 10), "exports", SMALL.exports + 1);
});

test("globals: the rewrite adds 7 (gas, 4 page globals, stack depth, memory.size)", () => {
  const globals = (n: number) => contract((m) => {
    for (let i = 1; i < n; i++) m.globals.push({ type: I32, mutable: false, init: new Uint8Array([I32_CONST, 0, END]) });
  });
  prepare(globals(SMALL.globals - 7));
  refusedAt(globals(SMALL.globals - 6), "globals", SMALL.globals + 1);
});

test("imports: the rewrite imports the memory", () => {
  const imports = (n: number) => contract((m) => {
    m.types.push({ params: [I32], results: [] });
    m.imports = Array.from({ length: n }, () => ({ module: "env", name: "panic", kind: ExternKind.Func, typeIndex: 1 }));
    m.exports[2].index = n; // `f` comes after the imported functions
  });
  prepare(imports(SMALL.imports - 1));
  refusedAt(imports(SMALL.imports), "imports", SMALL.imports + 1);
});

test("tables: the rewrite adds one", () => {
  const tables = (n: number) => contract((m) => {
    m.tables = Array.from({ length: n }, () => new Uint8Array([ValType.FuncRef, 0, 0]));
  });
  prepare(tables(SMALL.tables - 1));
  refusedAt(tables(SMALL.tables), "tables", SMALL.tables + 1);
});

test("types: the rewrite adds 3 when nothing is threaded (touch, range, grow)", () => {
  const types = (n: number) => contract((m) => {
    for (let i = 1; i < n; i++) m.types.push({ params: [], results: [] });
  });
  prepare(types(SMALL.types - 3));
  refusedAt(types(SMALL.types - 2), "types", SMALL.types + 1);
});

/** `f` calls function 1; function k calls k + 1 under `if (0)`: every function but `f` is a direct callee. */
const chain = (n: number) => contract((m) => {
  m.types.push({ params: [], results: [] });
  m.bodies = [body(CALL, 1, I32_CONST, 0)];
  for (let k = 1; k < n; k++) {
    m.functions.push(1);
    m.bodies.push(k + 1 < n ? body(I32_CONST, 0, IF, EMPTY_BLOCK, CALL, ...new ByteWriter().u32(k + 1).finish(), END) : body());
  }
});

test("functions: fuel threading stops at the function limit, so any valid function count deploys", () => {
  const half = SMALL.functions / 2;
  assert.equal(prepare(chain(half)).threadedFunctions, half - 1, "every callee threaded: 2 * half - 1 functions");
  assert.equal(prepare(chain(half + 1)).threadedFunctions, half - 1, "one more would cross the limit");
  // The proportions: 70% of the limit, whose rewrite used to make 140%.
  assert.equal(prepare(chain(SMALL.functions * 0.7)).threadedFunctions, SMALL.functions * 0.3);
  assert.equal(prepare(chain(SMALL.functions)).threadedFunctions, 0);
});

test("parameters and results: a callee within two of the limit is not threaded (its copy has the fuel and the stack count more)", () => {
  const wide = (n: number) => contract((m) => {
    m.types.push({ params: Array(n).fill(I32), results: Array(n).fill(I32) });
    m.functions.push(1);
    m.bodies = [body(...Array(n).fill([I32_CONST, 0]).flat(), CALL, 1, ...Array(n).fill(DROP), I32_CONST, 0)];
    m.bodies.push(body(...Array(n).fill([I32_CONST, 0]).flat()));
  });
  assert.equal(prepare(wide(SMALL.functionParams - 2)).threadedFunctions, 1);
  assert.equal(prepare(wide(SMALL.functionParams - 1)).threadedFunctions, 0);
  assert.equal(prepare(wide(SMALL.functionParams)).threadedFunctions, 0);
});

test("locals: the rewrite's scratch locals count towards the limit", () => {
  const withLocals = (n: number) => contract((m) => {
    m.bodies = [{ locals: [{ count: n - 1, type: I32 }], code: new Uint8Array([I32_CONST, 0, END]), codeOffset: 0 }];
  });
  // The scratch locals of a body with no stores, loops or SIMD: 1 i64 fuel, 3 i32, 3 i64, 1 f32, 1 f64.
  const SCRATCH = 9;
  prepare(withLocals(SMALL.functionLocals - SCRATCH));
  refusedAt(withLocals(SMALL.functionLocals - SCRATCH + 1), "functionLocals", SMALL.functionLocals + 1);
});

test("function size: a body whose rewrite grows past the limit is refused", () => {
  const nops = (n: number) => contract((m) => {
    m.bodies = [body(...Array(n).fill(NOP), I32_CONST, 0)];
  });
  prepare(nops(10));
  assert.throws(() => prepare(nops(SMALL.functionSize - 10)), (e: unknown) => e instanceof EngineLimitError && e.limit === "functionSize" && e.count > SMALL.functionSize);
});

test("at V8's real export limit, the issue's module (99,999 mutable globals) is refused at deploy, leaving no trace", async () => {
  const vm = await VM.ephemeral();
  const session = await vm.session({});
  const root = toHex(session.root());
  assert.throws(
    () => session.deploy(mutableGlobals(99_999), { owner: OWNER, contractId: idOf(1) }, 1_000_000n),
    (e: unknown) => e instanceof EngineLimitError && e.limit === "exports" && e.count === 100_010 && e.max === V8_LIMITS.exports,
  );
  assert.equal(toHex(session.root()), root);
  assert.equal(session.memoryLen(idOf(1)), undefined);
  vm.close();
});
