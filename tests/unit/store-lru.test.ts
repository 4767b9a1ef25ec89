// The store's bounded cache (host-sim/store/lru.ts): its bound, which entries it keeps, and which it
// drops, worked out by hand for a capacity of 8 (a turn of 4 entries).
import assert from "node:assert/strict";
import { test } from "node:test";
import { Lru } from "../../host-sim/store/lru.js";

test("never holds more than its capacity", () => {
  for (const capacity of [1, 2, 3, 8, 9, 100]) {
    const lru = new Lru<number, number>(capacity);
    for (let i = 0; i < 1000; i++) {
      lru.set(i, i);
      assert.ok(lru.size <= capacity, `capacity ${capacity}: ${lru.size} entries after ${i + 1} sets`);
      // The entry just set is always there.
      assert.equal(lru.get(i), i);
    }
  }
});

test("an entry used once in every half capacity of other uses stays; one left unused goes", () => {
  const lru = new Lru<string, number>(8);
  lru.set("hot", 1);
  lru.set("cold", 2);
  for (let i = 0; i < 100; i++) {
    lru.set(`k${i}`, i);
    if (i % 3 === 2) assert.equal(lru.get("hot"), 1, `hot evicted after k${i}`);
  }
  assert.equal(lru.get("hot"), 1);
  assert.equal(lru.get("cold"), undefined);
});

test("the generations, step by step", () => {
  const lru = new Lru<string, string>(8);
  // a b c fill the first turn with d: [a b c d] become the older generation.
  for (const k of ["a", "b", "c", "d"]) lru.set(k, k);
  assert.equal(lru.size, 4);
  // e f g start the next; a hit on b moves it into it, so the turn ends with [e f g b].
  for (const k of ["e", "f", "g"]) lru.set(k, k);
  assert.equal(lru.get("b"), "b");
  // That turn dropped a c d (not used in it); h starts the next, beside the older [e f g b].
  lru.set("h", "h");
  for (const k of ["a", "c", "d"]) assert.equal(lru.get(k), undefined, k);
  assert.equal(lru.size, 5);
  // A hit is a use too: g and b move into the current turn, [h g b], and nothing is dropped.
  assert.equal(lru.get("h"), "h");
  assert.equal(lru.get("g"), "g");
  assert.equal(lru.get("b"), "b");
  assert.equal(lru.size, 5);
  // One more use ends this turn: [h g b i] become the older generation and e f go.
  lru.set("i", "i");
  assert.equal(lru.size, 4);
  for (const k of ["e", "f"]) assert.equal(lru.get(k), undefined, k);
});

test("set replaces a value and delete removes it from either generation", () => {
  const lru = new Lru<string, number>(8);
  lru.set("x", 1);
  lru.set("x", 2);
  assert.equal(lru.get("x"), 2);
  assert.equal(lru.size, 1);
  for (const k of ["p", "q", "r"]) lru.set(k, 0);
  // x p q r are the older generation now.
  lru.set("y", 3);
  lru.delete("x");
  lru.delete("y");
  assert.equal(lru.get("x"), undefined);
  assert.equal(lru.get("y"), undefined);
  assert.equal(lru.size, 3);
  lru.set("x", 4);
  assert.equal(lru.get("x"), 4);
});
