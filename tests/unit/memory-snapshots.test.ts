// Mirrors piecrust/src/store/memory.rs (crumbles' snapshots): what a frame's snapshot keeps of a
// page it is the first to write. A top-level frame writing a page still as the store holds it keeps
// no copy and reverts it from the store (issue #17 point 6: a call rewriting 4 GiB of stored pages
// held a second 4 GiB, resident long after the frame had ended); every other first write copies.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ContractMemory, PAGE_SIZE } from "../../host-sim/memory.js";

const pageOf = (byte: number) => new Uint8Array(PAGE_SIZE).fill(byte);

test("memory snapshots: a top-level frame reverts stored pages from the store, nested frames and rewritten pages from copies", () => {
  const stored = new Map([[0, pageOf(1)], [3, pageOf(2)]]);
  const reads: number[] = [];
  const m = new ContractMemory(4, (p) => (reads.push(p), stored.get(p)), stored.keys());
  assert.deepEqual(reads.splice(0), [0, 3], "loading reads every stored page once");
  try {
    m.snap(); // a top-level call
    m.write(5, new Uint8Array([9, 9]));
    m.write(3 * PAGE_SIZE + 5, new Uint8Array([7]));
    m.write(PAGE_SIZE, new Uint8Array([4])); // a fresh page: nothing to keep
    m.snap(); // a nested frame of the same contract
    m.write(3 * PAGE_SIZE + 6, new Uint8Array([8]));
    m.revert();
    assert.deepEqual([...m.read(3 * PAGE_SIZE + 5, 2)], [7, 2], "the nested frame reverts from its copy");
    assert.deepEqual(reads, [], "no store read for a nested revert");
    m.revert();
    assert.deepEqual(reads.splice(0).sort(), [0, 3], "the top-level revert reads the two stored pages back");
    assert.deepEqual([m.read(0, PAGE_SIZE), m.read(3 * PAGE_SIZE, PAGE_SIZE)], [stored.get(0), stored.get(3)]);
    assert.deepEqual([...m.read(PAGE_SIZE, 1)], [0]);
    assert.deepEqual([...m.dirtyPages().keys()], [], "nothing written survives");

    // A page a successful call rewrote is no longer as stored: the next call copies it.
    m.snap();
    m.write(5, new Uint8Array([5]));
    m.apply();
    m.snap();
    m.write(5, new Uint8Array([6]));
    m.revert();
    assert.deepEqual(reads, [], "reverted from a copy, not the store");
    assert.deepEqual([...m.read(5, 1)], [5]);
    assert.deepEqual([...m.dirtyPages().keys()], [0]);
  } finally {
    m.release();
  }
});
