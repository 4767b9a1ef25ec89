// The workload contract (tests/contracts/workload) against the same computations in TypeScript.
import assert from "node:assert/strict";
import { test } from "node:test";
import { call, deploy, newSession } from "../ports/support/piecrust.js";

const M64 = (1n << 64n) - 1n;

function sortReference(n: number): bigint {
  const a: bigint[] = [];
  let x = 88172645463325252n;
  for (let i = 0; i < n; i++) {
    x ^= (x << 13n) & M64;
    x ^= x >> 7n;
    x ^= (x << 17n) & M64;
    a.push(x);
  }
  a.sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
  let s = 0n;
  for (let i = 0; i < n; i += 97) s = (s + a[i]) & M64;
  return s;
}

function hashReference(rounds: number): bigint {
  let h = 1469598103934665603n;
  const buf = new Uint8Array(4096);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < buf.length; i++) {
      h = ((h ^ (BigInt(buf[i]) + BigInt(r))) * 1099511628211n) & M64;
      buf[i] = Number(h & 0xffn);
    }
  }
  return h;
}

test("workload: sorting xorshift64 values with a comparator gives TypeScript's result, with the same gas in a second session", async () => {
  const run = async () => {
    const { session } = await newSession();
    const { id } = await deploy(session, "workload");
    const gas: bigint[] = [];
    for (const n of [0, 1, 2, 97, 1000, 5000]) {
      const r = call<bigint>(session, id, "sort", "u32", n, "u64", 1_000_000_000n);
      assert.equal(r.data, sortReference(n), `n = ${n}`);
      gas.push(r.gasSpent);
    }
    return gas;
  };
  // the runtime's allocator and collector state carry over between calls, so gas is compared
  // between two sessions doing the same calls, not between calls
  assert.deepEqual(await run(), await run());
});

test("workload: the byte-mixing hash gives TypeScript's result", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "workload");
  for (const rounds of [0, 1, 3]) {
    assert.equal(call<bigint>(session, id, "hash", "u32", rounds, "u64", 1_000_000_000n).data, hashReference(rounds), `rounds = ${rounds}`);
  }
});
