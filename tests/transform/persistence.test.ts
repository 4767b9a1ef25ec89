// State survival under host-sim, which drops every instance after each top-level call, keeps linear
// memory, and applies data segments only at deploy, like Piecrust:
//   * module globals, class fields, Map, Array, string and u128 balances survive 100 calls, three
//     sessions (each based on the previous commit) and a reopen of the store from disk;
//   * under garbage pressure memory stays bounded and the heap stays intact;
//   * A → B → A where the inner A changes state and B then fails: every global and heap object of A
//     is back to its value before the call.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { decode, encode, parseType, type RType, type TypeDefs } from "../../host-sim/codec/index.js";
import { compileFixture } from "./support.js";
import { mulberry32 as rng } from "../helpers/rng.js";
import * as F from "./fixtures.js";

const GAS = 100_000_000n;
const OWNER = new Uint8Array(32);

interface Model {
  calls: bigint;
  lastName: string;
  history: bigint[];
  names: string[];
  balances: Map<string, bigint>;
  total: bigint;
  note: string;
}

function emptyModel(): Model {
  return { calls: 0n, lastName: "", history: [], names: [], balances: new Map(), total: 0n, note: "" };
}

function applyDeposit(m: Model, name: string, amount: bigint): void {
  m.calls++;
  m.lastName = name;
  m.history.push(m.calls);
  if (!m.balances.has(name)) m.names.push(name);
  m.balances.set(name, (m.balances.get(name) ?? 0n) + amount);
  m.total += amount;
  m.note = `deposit #${m.calls} by ${name}`;
}

type Runtime = "incremental" | "minimal" | "stub";

async function build(runtime: Runtime) {
  const r = await compileFixture(`persist-bank-${runtime}`, F.BANK, { runtime });
  assert.ok(r.wasm && r.schema, r.stderr);
  const defs: TypeDefs = {};
  for (const d of r.schema!.types) parseType(d, defs);
  const snapshotT: RType = parseType("Snapshot", defs);
  const depositT = parseType("(String, u128)", defs);
  return { wasm: r.wasm!, defs, snapshotT, depositT };
}

function bank(session: Session, id: Uint8Array, b: Awaited<ReturnType<typeof build>>) {
  return {
    deposit: (name: string, amount: bigint) => decode(parseType("u64"), session.callRaw(id, "deposit", encode(b.depositT, [name, amount], b.defs), GAS).data),
    snapshot: () => decode(b.snapshotT, session.callRaw(id, "snapshot", new Uint8Array(0), GAS).data, b.defs) as Model,
    churn: (n: number) => session.callRaw(id, "churn", encode(parseType("u32"), n), GAS),
  };
}

const NAMES = ["alice", "bob", "carol", "a much longer account name that is stored out of line", "é€"];

for (const runtime of ["incremental", "minimal"] as const) {
  test(`state survives 100 calls, 3 sessions and a reopen from disk (${runtime})`, async () => {
    const b = await build(runtime);
    const dir = mkdtempSync(join(tmpdir(), "pcas-persist-"));
    try {
      const model = emptyModel();
      const r = rng(42);
      let vm = await VM.open(dir);
      let root: Uint8Array | undefined;
      let id: Uint8Array | undefined;
      for (let s = 0; s < 3; s++) {
        const session = await vm.session(root ? { base: root } : {});
        if (!id) id = session.deploy(b.wasm, { owner: OWNER }, GAS).contractId;
        const c = bank(session, id, b);
        for (let i = 0; i < 34; i++) {
          const name = NAMES[Math.floor(r() * NAMES.length)]!;
          const amount = BigInt(Math.floor(r() * 1e9)) * (i % 7 === 0 ? 10n ** 20n : 1n);
          applyDeposit(model, name, amount);
          assert.equal(c.deposit(name, amount), model.calls);
          if (i % 10 === 0) assert.deepEqual(c.snapshot(), model, `session ${s}, call ${i}`);
        }
        assert.deepEqual(c.snapshot(), model, `end of session ${s}`);
        root = session.commit();
      }
      vm.close();
      vm = await VM.open(dir);
      const session = await vm.session({ base: root });
      const c = bank(session, id!, b);
      assert.deepEqual(c.snapshot(), model, "after reopening the store");
      applyDeposit(model, "after-reopen", 1n);
      c.deposit("after-reopen", 1n);
      assert.deepEqual(c.snapshot(), model);
      assert.equal(model.calls, 103n);
      vm.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`under garbage pressure memory stays bounded and the heap intact (${runtime})`, async () => {
    const b = await build(runtime);
    const vm = await VM.ephemeral();
    const session = await vm.session({});
    const id = session.deploy(b.wasm, { owner: OWNER }, GAS).contractId;
    const c = bank(session, id, b);
    const model = emptyModel();
    const pages: number[] = [];
    for (let i = 0; i < 200; i++) {
      c.churn(200);
      if (i % 10 === 0) {
        applyDeposit(model, NAMES[i % NAMES.length]!, BigInt(i));
        c.deposit(NAMES[i % NAMES.length]!, BigInt(i));
      }
      pages.push(session.memoryLen(id)! / 65536);
    }
    assert.deepEqual(c.snapshot(), model);
    // 200 calls × 200 rounds of garbage: an allocator that never frees would need hundreds of pages.
    const max = Math.max(...pages);
    assert.ok(max <= 8, `memory grew to ${max} pages`);
    assert.equal(pages[pages.length - 1], pages[100], "no growth in the second half");
  });
}

for (const runtime of ["incremental", "minimal", "stub"] as const) {
  test(`A → B → A, inner A changes state, B fails: A is exactly as before (${runtime})`, async () => {
    const b = await build(runtime);
    const bouncer = await compileFixture(`bouncer-${runtime}`, F.BOUNCER, { runtime });
    assert.ok(bouncer.wasm, bouncer.stderr);
    const vm = await VM.ephemeral();
    const session = await vm.session({});
    const a = session.deploy(b.wasm, { owner: OWNER }, GAS).contractId;
    const bid = session.deploy(bouncer.wasm!, { owner: OWNER }, GAS).contractId;
    const c = bank(session, a, b);
    const model = emptyModel();
    for (const [n, v] of [["alice", 10n], ["bob", 20n], ["alice", 5n]] as const) {
      applyDeposit(model, n, v);
      c.deposit(n, v);
    }
    const out = session.callRaw(a, "outer", encode(parseType("ContractId"), bid), GAS);
    const [before, after] = decode(parseType("(Vec<u8>, Vec<u8>)"), out.data) as [Uint8Array, Uint8Array];
    assert.deepEqual(decode(b.snapshotT, before, b.defs), model);
    assert.deepEqual(after, before, "globals and heap after the failed inner call");
    assert.deepEqual(c.snapshot(), model, "and at the next top-level call");
    applyDeposit(model, "carol", 1n);
    c.deposit("carol", 1n);
    assert.deepEqual(c.snapshot(), model);
  });
}
