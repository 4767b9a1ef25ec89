// A contract memory the process cannot reserve is the host running out, never the contract's failure
// and never a host-sim bug: HostMemoryExhausted reaches the embedder from a top-level load, a nested
// call's load and a deploy alike, the state is exactly as before, and the session goes on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HostMemoryExhausted, toHex } from "../../host-sim/index.js";
import { spareMemoryCount } from "../../host-sim/memory.js";
import { call, deploy, example, freshSession, hex, idOf } from "../sim/example.js";

/** Runs `fn` with V8 refusing every new WebAssembly.Memory, as it does when address space runs out. */
function withoutNewMemories<T>(fn: () => T): T {
  const Memory = WebAssembly.Memory;
  WebAssembly.Memory = class {
    constructor() {
      throw new RangeError("WebAssembly.Memory(): could not allocate memory");
    }
  } as unknown as typeof WebAssembly.Memory;
  try {
    return fn();
  } finally {
    WebAssembly.Memory = Memory;
  }
}

function isExhausted(e: unknown): boolean {
  if (!(e instanceof HostMemoryExhausted)) assert.fail(`expected HostMemoryExhausted, got ${String(e)}`);
  assert.equal(e.code, "HostMemoryExhausted");
  assert.match(e.message, /^host-sim could not reserve one more 4 GiB contract memory \(WebAssembly\.Memory\(\): could not allocate memory\); the call was undone\. Close the sessions/);
  return true;
}

test("host memory: a memory V8 refuses is HostMemoryExhausted at a top-level load, a nested load and a deploy; nothing changes", async () => {
  const { vm, session: setup } = await freshSession();
  const cc = deploy(setup, example("callcenter"));
  // more counters than host-sim keeps spare memories (memory.ts SPARE_MAX, 16)
  const counters = Array.from({ length: 20 }, (_, i) => deploy(setup, example("counter"), { id: idOf(i + 1) }));
  const base = setup.commit();
  const s = await vm.session({ base });
  call(s, cc, "call_count");
  const loaded = withoutNewMemories(() => {
    // each load takes a spare memory while there is one; the first load after that needs a new one
    const spare = spareMemoryCount();
    for (let i = 0; i < spare; i++) call(s, counters[i], "increment");
    assert.equal(spareMemoryCount(), 0);
    const root = toHex(s.root());
    assert.throws(() => call(s, counters[spare], "increment"), isExhausted);
    assert.equal(toHex(s.root()), root);
    assert.throws(() => call(s, cc, "increment_counter", "0x" + hex(counters[spare].id)), isExhausted);
    assert.equal(toHex(s.root()), root);
    assert.throws(() => deploy(s, example("counter"), { id: idOf(99) }), isExhausted);
    assert.equal(toHex(s.root()), root);
    // contracts already loaded still run
    assert.equal(call(s, cc, "query_counter", "0x" + hex(counters[0].id)).value, String(0xfd));
    return spare;
  });
  // with memory to be had again, the refused calls run as they would have: from the counter's 252
  assert.equal(call(s, cc, "increment_counter", "0x" + hex(counters[loaded].id)).value, null);
  assert.equal(call(s, counters[loaded], "read_value").value, String(0xfd));
  deploy(s, example("counter"), { id: idOf(99) });
});
