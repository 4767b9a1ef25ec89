// host-sim/dusk/limbs.ts states dusk-bls12_381's limb arithmetic in closed form (one dropped carry
// at 2^256 in add, one at 2^512 in the Montgomery reduction, one conditional subtraction). Here the
// same operations are done the long way, a u64 word at a time with explicit carries and borrows as
// the Rust code does them (schoolbook product, squaring by doubled cross products, word-by-word
// reduction, HAC 14.32), on arbitrary 256-bit limbs, unreduced ones above all: the two must agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { LimbField, bigintToLimbs, limbsToBigint } from "../../host-sim/dusk/limbs.js";
import { BLS_SCALAR_MODULUS } from "../../host-sim/dusk/scalar.js";
import { JUBJUB_ORDER } from "../../host-sim/dusk/jubjub.js";

const W = (1n << 64n) - 1n;
const mac = (a: bigint, b: bigint, c: bigint, carry: bigint): [bigint, bigint] => {
  const t = a + b * c + carry;
  return [t & W, t >> 64n];
};
const adc = (a: bigint, b: bigint, carry: bigint): [bigint, bigint] => {
  const t = a + b + carry;
  return [t & W, t >> 64n];
};
/** Borrow in and out as the Rust code keeps it: 0 or all ones. */
const sbb = (a: bigint, b: bigint, borrow: bigint): [bigint, bigint] => {
  const t = (a - (b + (borrow >> 63n))) & ((1n << 128n) - 1n);
  return [t & W, t >> 64n];
};

function wordField(modulus: bigint) {
  const m = bigintToLimbs(modulus);
  // INV = −p⁻¹ mod 2^64, by Newton's iteration on the low word.
  let inv = 1n;
  for (let i = 0; i < 7; i++) inv = (inv * (2n - m[0] * inv)) & W;
  inv = (1n << 64n) - inv;

  const sub = (a: bigint[], b: bigint[]): bigint[] => {
    const d: bigint[] = [];
    let borrow = 0n;
    for (let i = 0; i < 4; i++) [d[i], borrow] = sbb(a[i], b[i], borrow);
    let carry = 0n;
    for (let i = 0; i < 4; i++) [d[i], carry] = adc(d[i], m[i] & borrow, carry);
    return d;
  };
  const add = (a: bigint[], b: bigint[]): bigint[] => {
    const d: bigint[] = [];
    let carry = 0n;
    for (let i = 0; i < 4; i++) [d[i], carry] = adc(a[i], b[i], carry);
    return sub(d, m);
  };
  const reduce = (r: bigint[]): bigint[] => {
    const t = [...r];
    let carry2 = 0n;
    for (let i = 0; i < 4; i++) {
      const k = (t[i] * inv) & W;
      let carry: bigint;
      [, carry] = mac(t[i], k, m[0], 0n);
      for (let j = 1; j < 4; j++) [t[i + j], carry] = mac(t[i + j], k, m[j], carry);
      // The carry out of the top word is dropped on the last step only.
      [t[i + 4], carry2] = adc(t[i + 4], carry2, carry);
    }
    return sub(t.slice(4, 8), m);
  };
  const mul = (a: bigint[], b: bigint[]): bigint[] => {
    const r = new Array<bigint>(8).fill(0n);
    for (let i = 0; i < 4; i++) {
      let carry = 0n;
      for (let j = 0; j < 4; j++) [r[i + j], carry] = mac(r[i + j], a[i], b[j], carry);
      r[i + 4] = carry;
    }
    return reduce(r);
  };
  const square = (a: bigint[]): bigint[] => {
    // Cross products once, doubled by a one-bit shift, then the squares on the diagonal.
    const r = new Array<bigint>(8).fill(0n);
    for (let i = 0; i < 3; i++) {
      let carry = 0n;
      for (let j = i + 1; j < 4; j++) [r[i + j], carry] = mac(r[i + j], a[i], a[j], carry);
      r[i + 4] = carry;
    }
    for (let i = 7; i > 0; i--) r[i] = ((r[i] << 1n) | (r[i - 1] >> 63n)) & W;
    r[0] = 0n;
    let carry = 0n;
    for (let i = 0; i < 4; i++) {
      [r[2 * i], carry] = mac(r[2 * i], a[i], a[i], carry);
      [r[2 * i + 1], carry] = adc(r[2 * i + 1], 0n, carry);
    }
    return reduce(r);
  };
  const neg = (a: bigint[]): bigint[] => {
    const d: bigint[] = [];
    let borrow = 0n;
    for (let i = 0; i < 4; i++) [d[i], borrow] = sbb(m[i], a[i], borrow);
    const mask = a.every((x) => x === 0n) ? 0n : W;
    return d.map((x) => x & mask);
  };
  return { add, sub, mul, square, neg, reduce: (a: bigint[]) => reduce([...a, 0n, 0n, 0n, 0n]) };
}

for (const [name, modulus] of [["BLS12-381 scalars (jubjub's Fq)", BLS_SCALAR_MODULUS], ["jubjub's Fr", JUBJUB_ORDER]] as const) {
  test(`limbs: ${name}: the closed forms equal the word-by-word operations on any 256-bit limbs`, () => {
    const F = new LimbField(modulus);
    const w = wordField(modulus);
    const top = (1n << 256n) - 1n;
    // Unreduced values are the point: bias towards the edges (near 0, r, 2r and 2^256).
    const limb = fc.oneof(
      fc.bigInt({ min: 0n, max: top }),
      fc.bigInt({ min: 0n, max: 1000n }).chain((d) => fc.constantFrom(d, modulus - d, modulus + d, 2n * modulus + d, top - d)).filter((v) => v >= 0n && v <= top),
    );
    const L = (v: bigint) => bigintToLimbs(v);
    fc.assert(
      fc.property(limb, limb, (a, b) => {
        assert.equal(F.add(a, b), limbsToBigint(w.add(L(a), L(b))));
        assert.equal(F.sub(a, b), limbsToBigint(w.sub(L(a), L(b))));
        assert.equal(F.mul(a, b), limbsToBigint(w.mul(L(a), L(b))));
        assert.equal(F.square(a), limbsToBigint(w.square(L(a))));
        assert.equal(F.neg(a), limbsToBigint(w.neg(L(a))));
        assert.equal(F.reduce(a), limbsToBigint(w.reduce(L(a))));
      }),
      { numRuns: 2000 },
    );
  });
}
