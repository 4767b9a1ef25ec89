// Replays every scenario of tests/vectors/piecrust-vm.json (recorded from Piecrust 0.32.0) on
// host-sim and compares data, errors, events, call trees, feeds, gas and roots exactly.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex, toHex, VM, VMError } from "../../host-sim/index.js";
import type { CallReceipt, Session, VMOptions } from "../../host-sim/index.js";
import { vectorJson } from "../helpers/paths.js";
import { wat } from "../helpers/wat.js";

interface Step {
  op: string;
  contract?: string;
  fn?: string;
  arg?: string;
  gas?: string;
  id?: string;
  owner?: string;
}
interface Vector {
  name: string;
  session?: { meta?: Record<string, string> };
  boundary?: { fn: string; minimalLimit: string };
  contracts: Record<string, string>;
  steps: Step[];
  expect: Array<Record<string, unknown>>;
}

const file = vectorJson<{ vectors: Vector[] }>("piecrust-vm.json");

function receiptJson(r: CallReceipt, feeds?: string[]) {
  const out: Record<string, unknown> = {
    ok: true,
    data: toHex(r.data),
    gasSpent: r.gasSpent.toString(),
    gasLimit: r.gasLimit.toString(),
    events: r.events.map((e) => ({ source: toHex(e.source), topic: e.topic, data: toHex(e.data), reverted: e.reverted })),
    callTree: r.callTree.map((c) => ({
      contract: toHex(c.contractId),
      limit: c.limit.toString(),
      spent: c.spent.toString(),
      memLen: c.memLen,
    })),
  };
  if (feeds) out.feeds = feeds;
  return out;
}

async function replay(v: Vector, opts: VMOptions = {}): Promise<void> {
  const vm = await VM.ephemeral(opts);
  const meta = Object.fromEntries(Object.entries(v.session?.meta ?? {}).map(([k, h]) => [k, fromHex(h)]));
  const labels = Object.keys(v.contracts);
  const ids = new Map(labels.map((l, i) => [l, new Uint8Array(32).fill((i + 1) * 0x11)]));
  const code = new Map<string, Uint8Array>();
  for (const l of labels) code.set(l, await wat(v.contracts[l], `${l}.wat`));
  let session: Session = await vm.session({ meta });
  for (let i = 0; i < v.steps.length; i++) {
    const s = v.steps[i];
    const where = `${v.name} step ${i} (${s.op}${s.fn ? ` ${s.fn}` : ""})`;
    let got: Record<string, unknown>;
    try {
      switch (s.op) {
        case "deploy": {
          const { contractId } = session.deploy(code.get(s.contract!)!, { owner: fromHex(s.owner!), contractId: fromHex(s.id!) }, BigInt(s.gas!));
          got = { ok: true, id: toHex(contractId) };
          break;
        }
        case "call":
          got = receiptJson(session.callRaw(ids.get(s.contract!)!, s.fn!, fromHex(s.arg!), BigInt(s.gas!)));
          break;
        case "feederCall": {
          const feeds: string[] = [];
          try {
            got = receiptJson(session.feederCallRaw(ids.get(s.contract!)!, s.fn!, fromHex(s.arg!), BigInt(s.gas!), (d) => feeds.push(toHex(d))), feeds);
          } catch (e) {
            if (!(e instanceof VMError)) throw e;
            got = { ok: false, error: e.code, feeds };
          }
          break;
        }
        case "commit": {
          const root = session.commit();
          session = await vm.session({ base: root, meta });
          got = { ok: true, root: toHex(root) };
          break;
        }
        case "root":
          got = { ok: true, root: toHex(session.root()) };
          break;
        case "memoryLen":
          got = { ok: true, len: session.memoryLen(ids.get(s.contract!)!) };
          break;
        case "session":
          session.close();
          session = await vm.session({ meta });
          got = { ok: true };
          break;
        default:
          throw new Error(`unknown step op ${s.op}`);
      }
    } catch (e) {
      if (!(e instanceof VMError)) throw e;
      got = { ok: false, error: e.code };
    }
    assert.deepEqual(got, v.expect[i], where);
  }
}

for (const v of file.vectors) {
  test(`vector ${v.name}`, () => replay(v));
}

// Reusing an instance with its globals reset must be indistinguishable from a fresh instance.
test("every vector gives the same results with a fresh instance per top-level call", async () => {
  for (const v of file.vectors) await replay(v, { reuseInstances: false });
});

// Threading the fuel through direct calls and batching loop checks must be indistinguishable from
// wasmtime's global counter checked at every loop header.
test("every vector gives the same results with the fuel kept in the global across calls", async () => {
  for (const v of file.vectors) await replay(v, { threadFuel: false });
});

test("every vector gives the same results with every loop header checked", async () => {
  for (const v of file.vectors) await replay(v, { batchLoops: false });
});

test("the vector file holds the 99 recorded scenarios", () => {
  assert.equal(file.vectors.length, 99);
});
