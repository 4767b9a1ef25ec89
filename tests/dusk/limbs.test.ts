// host-sim/dusk/limbs.ts states dusk-bls12_381's limb arithmetic in closed form (one dropped carry
// at 2^bits in add, one at 2^(2·bits) in the Montgomery reduction, one conditional subtraction). Here
// the same operations are done the long way, a u64 word at a time with explicit carries and borrows as
// the Rust code does them (schoolbook product, squaring by doubled cross products, word-by-word
// reduction, HAC 14.32), on arbitrary limbs, unreduced ones above all: the two must agree, for
// scalar.rs's four limbs and for fp.rs's six (with fp.rs's own subtract_p, sub and sum_of_products).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { LimbField, bigintToLimbs, limbsToBigint } from "../../host-sim/dusk/limbs.js";
import { fpSub, fpSumOfProducts } from "../../host-sim/dusk/bls-limbs.js";
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

/** n u64 words, little-endian, and back. */
const toWords = (v: bigint, n: number): bigint[] => Array.from({ length: n }, (_, i) => (v >> (64n * BigInt(i))) & W);
const fromWords = (w: readonly bigint[]): bigint => w.reduceRight((acc, x) => (acc << 64n) | x, 0n);

/**
 * The Rust code's word-by-word field on n limbs. `final` is the conditional subtraction that ends add
 * and montgomery_reduce: scalar.rs's `sub(&MODULUS)` (borrow, then p added back under the borrow
 * mask) or fp.rs's `subtract_p` (subtract, then keep the old limbs under the borrow mask).
 */
function wordField(modulus: bigint, n = 4, final: "sub" | "subtract_p" = "sub") {
  const m = toWords(modulus, n);
  // INV = −p⁻¹ mod 2^64, by Newton's iteration on the low word.
  let inv = 1n;
  for (let i = 0; i < 7; i++) inv = (inv * (2n - m[0] * inv)) & W;
  inv = (1n << 64n) - inv;

  const sub = (a: bigint[], b: bigint[]): bigint[] => {
    const d: bigint[] = [];
    let borrow = 0n;
    for (let i = 0; i < n; i++) [d[i], borrow] = sbb(a[i], b[i], borrow);
    let carry = 0n;
    for (let i = 0; i < n; i++) [d[i], carry] = adc(d[i], m[i] & borrow, carry);
    return d;
  };
  const subtractP = (a: bigint[]): bigint[] => {
    const r: bigint[] = [];
    let borrow = 0n;
    for (let i = 0; i < n; i++) [r[i], borrow] = sbb(a[i], m[i], borrow);
    return r.map((x, i) => (a[i] & borrow) | (x & (W ^ borrow)));
  };
  const conditionalSub = (a: bigint[]): bigint[] => (final === "sub" ? sub(a, m) : subtractP(a));
  const add = (a: bigint[], b: bigint[]): bigint[] => {
    const d: bigint[] = [];
    let carry = 0n;
    for (let i = 0; i < n; i++) [d[i], carry] = adc(a[i], b[i], carry);
    return conditionalSub(d);
  };
  const reduce = (r: bigint[]): bigint[] => {
    const t = [...r];
    let carry2 = 0n;
    for (let i = 0; i < n; i++) {
      const k = (t[i] * inv) & W;
      let carry: bigint;
      [, carry] = mac(t[i], k, m[0], 0n);
      for (let j = 1; j < n; j++) [t[i + j], carry] = mac(t[i + j], k, m[j], carry);
      // The carry out of the top word is dropped on the last step only.
      [t[i + n], carry2] = adc(t[i + n], carry2, carry);
    }
    return conditionalSub(t.slice(n, 2 * n));
  };
  const mul = (a: bigint[], b: bigint[]): bigint[] => {
    const r = new Array<bigint>(2 * n).fill(0n);
    for (let i = 0; i < n; i++) {
      let carry = 0n;
      for (let j = 0; j < n; j++) [r[i + j], carry] = mac(r[i + j], a[i], b[j], carry);
      r[i + n] = carry;
    }
    return reduce(r);
  };
  const square = (a: bigint[]): bigint[] => {
    // Cross products once, doubled by a one-bit shift, then the squares on the diagonal.
    const r = new Array<bigint>(2 * n).fill(0n);
    for (let i = 0; i < n - 1; i++) {
      let carry = 0n;
      for (let j = i + 1; j < n; j++) [r[i + j], carry] = mac(r[i + j], a[i], a[j], carry);
      r[i + n] = carry;
    }
    for (let i = 2 * n - 1; i > 0; i--) r[i] = ((r[i] << 1n) | (r[i - 1] >> 63n)) & W;
    r[0] = 0n;
    let carry = 0n;
    for (let i = 0; i < n; i++) {
      [r[2 * i], carry] = mac(r[2 * i], a[i], a[i], carry);
      [r[2 * i + 1], carry] = adc(r[2 * i + 1], 0n, carry);
    }
    return reduce(r);
  };
  const neg = (a: bigint[]): bigint[] => {
    const d: bigint[] = [];
    let borrow = 0n;
    for (let i = 0; i < n; i++) [d[i], borrow] = sbb(m[i], a[i], borrow);
    const mask = a.every((x) => x === 0n) ? 0n : W;
    return d.map((x) => x & mask);
  };
  /** fp.rs's `sum_of_products`: Longa's algorithm 2, a row of products and one reduction step per limb j. */
  const sumOfProducts = (a: bigint[][], b: bigint[][]): bigint[] => {
    let u = new Array<bigint>(n).fill(0n);
    for (let j = 0; j < n; j++) {
      const t = [...u, 0n];
      for (let i = 0; i < a.length; i++) {
        let carry = 0n;
        for (let l = 0; l < n; l++) [t[l], carry] = mac(t[l], a[i][j], b[i][l], carry);
        [t[n]] = adc(t[n], 0n, carry);
      }
      const k = (t[0] * inv) & W;
      let [, carry] = mac(t[0], k, m[0], 0n);
      const r: bigint[] = [];
      for (let l = 1; l < n; l++) [r[l - 1], carry] = mac(t[l], k, m[l], carry);
      [r[n - 1]] = adc(t[n], 0n, carry);
      u = r;
    }
    return subtractP(u);
  };
  return { add, sub, mul, square, neg, reduce: (a: bigint[]) => reduce([...a, ...new Array<bigint>(n).fill(0n)]), reduceWide: reduce, sumOfProducts };
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

// BLS12-381's base field Fp: fp.rs's [u64; 6], the same rules at 384 bits (bls-limbs.ts uses this field).
const P = bls12_381.fields.Fp.ORDER;
const R384 = 1n << 384n;
const TOP384 = R384 - 1n;

test("limbs: 384 bits (BLS12-381's Fp): the crate's constants, values worked by hand, and plain bigint formulas on unreduced limbs", () => {
  const F = new LimbField(P, 384);
  // fp.rs's R (Fp::one()) and R2 limbs, as the crate writes them.
  const crateR = fromWords([0x760900000002fffdn, 0xebf4000bc40c0002n, 0x5f48985753c758ban, 0x77ce585370525745n, 0x5c071a97a256ec6dn, 0x15f65ec3fa80e493n]);
  const crateR2 = fromWords([0xf4df1f341c341746n, 0x0a76e6a609d104f1n, 0x8de5476c4c95b6d5n, 0x67eb88a9939d83c0n, 0x9a793e85b519952dn, 0x11988fe592cae3aan]);
  assert.equal(F.one, crateR);
  assert.equal(F.fromRaw(1n), crateR);
  assert.equal(F.fromRaw(crateR), crateR2);
  assert.equal(F.fromCanonical(1n), crateR);
  assert.equal(F.fromCanonical(-1n), P - crateR);
  assert.equal(F.reduce(crateR), 1n);

  // add: 2^384 − 1 plus 1 loses its carry; p and p − 1 + 1 become 0; 2p loses one p only and stays
  // p; (2^384 − 1) doubled is 2^385 − 2, wraps to 2^384 − 2 and loses one p, still near 9p.
  assert.equal(F.add(TOP384, 1n), 0n);
  assert.equal(F.add(P, 0n), 0n);
  assert.equal(F.add(P - 1n, 1n), 0n);
  assert.equal(F.add(P, P), P);
  assert.equal(F.add(TOP384, TOP384), R384 - 2n - P);
  assert.equal(F.double(TOP384), R384 - 2n - P);
  // neg wraps at 2^384: p − (p + 1) is 2^384 − 1, p − (2^384 − 1) is p + 1 − 2^384, i.e. p + 1.
  assert.equal(F.neg(0n), 0n);
  assert.equal(F.neg(1n), P - 1n);
  assert.equal(F.neg(P), 0n);
  assert.equal(F.neg(P + 1n), TOP384);
  assert.equal(F.neg(TOP384), P + 1n);
  // scalar.rs's sub (borrow, then p back) against fp.rs's (−b) + a: they part ways on unreduced limbs.
  assert.equal(F.sub(0n, 1n), P - 1n);
  assert.equal(F.sub(P + 1n, 0n), P + 1n);
  assert.equal(fpSub(P + 1n, 0n), 1n);
  assert.equal(F.sub(1n, TOP384), P + 2n);
  assert.equal(fpSub(1n, TOP384), 2n);
  // p·p + (2^384 − p)·p = 2^384·p: p squared reduces to p, then 0. one·5 is 5·R·R⁻¹ = 5.
  assert.equal(F.mul(P, P), 0n);
  assert.equal(F.square(P), 0n);
  assert.equal(F.mul(F.one, 5n), 5n);

  // montgomery_reduce written out: m from −p⁻¹ mod 2^384 (Newton's iteration, independent of the
  // field's own inverse), t + m·p divisible by 2^384, the carry out of 2^768 dropped, one p off.
  let pInv = 1n;
  for (let i = 0; i < 9; i++) pInv = (pInv * (2n - P * pInv)) % R384;
  const negPInv = (R384 - ((pInv % R384) + R384) % R384) % R384;
  const montgomery = (t: bigint): { value: bigint; carried: boolean } => {
    const m = ((t % R384) * negPInv) % R384;
    const s = t + m * P;
    assert.equal(s % R384, 0n);
    const u = (s % (R384 * R384)) / R384;
    return { value: u >= P ? u - P : u, carried: s >= R384 * R384 };
  };
  // Both factors at 2^384 − 1: the one product whose reduction overflows 768 bits here.
  const top = montgomery(TOP384 * TOP384);
  assert.equal(top.carried, true);
  assert.equal(F.mul(TOP384, TOP384), top.value);
  assert.equal(F.square(TOP384), top.value);
  assert.equal(F.reduceWide(R384 * R384 - 1n), montgomery(R384 * R384 - 1n).value);
  assert.equal(montgomery(R384 * R384 - 1n).carried, true);
  for (const a of [0n, 1n, P - 1n, P, P + 1n, 2n * P, 9n * P, TOP384 - P, TOP384]) {
    assert.equal(F.reduce(a), montgomery(a).value);
    for (const b of [1n, P - 1n, P + 1n, 5n * P + 3n, TOP384]) assert.equal(F.mul(a, b), montgomery(a * b).value);
  }
});

test("limbs: 384 bits (BLS12-381's Fp): the closed forms equal fp.rs's word-by-word operations on any 384-bit limbs", () => {
  const F = new LimbField(P, 384);
  const w = wordField(P, 6, "subtract_p");
  const scalarStyle = wordField(P, 6, "sub");
  const { Fp } = bls12_381.fields;
  const rInv = Fp.inv(R384 % P);
  const r2 = fromWords(toWords((R384 * R384) % P, 6));
  const L = (v: bigint) => toWords(v, 6);
  // p is just under 2^381, so 2^384 holds about 9.8 p: every multiple of p up to 9 is a limb value.
  const limb = fc.oneof(
    fc.bigInt({ min: 0n, max: TOP384 }),
    fc.bigInt({ min: 0n, max: P - 1n }),
    fc.tuple(fc.bigInt({ min: -1000n, max: 1000n }), fc.integer({ min: 0, max: 9 })).map(([d, k]) => BigInt(k) * P + d).filter((v) => v >= 0n && v <= TOP384),
    fc.bigInt({ min: 0n, max: 1000n }).map((d) => TOP384 - d),
  );
  const wide = fc.oneof(fc.bigInt({ min: 0n, max: R384 * R384 - 1n }), fc.tuple(limb, limb).map(([a, b]) => a * b), fc.bigInt({ min: 0n, max: 1n << 300n }).map((d) => R384 * R384 - 1n - d));
  fc.assert(
    fc.property(limb, limb, limb, limb, wide, (a, b, c, d, t) => {
      assert.equal(F.add(a, b), fromWords(w.add(L(a), L(b))));
      assert.equal(F.double(a), fromWords(w.add(L(a), L(a))));
      assert.equal(F.neg(a), fromWords(w.neg(L(a))));
      assert.equal(F.mul(a, b), fromWords(w.mul(L(a), L(b))));
      assert.equal(F.square(a), fromWords(w.square(L(a))));
      assert.equal(F.reduce(a), fromWords(w.reduce(L(a))));
      assert.equal(F.reduceWide(t), fromWords(w.reduceWide(toWords(t, 12))));
      assert.equal(F.fromRaw(a), fromWords(w.mul(L(a), L(r2))));
      // subtract_p and scalar.rs's sub(&MODULUS) end add and reduce with the same limbs.
      assert.equal(F.add(a, b), fromWords(scalarStyle.add(L(a), L(b))));
      assert.equal(F.mul(a, b), fromWords(scalarStyle.mul(L(a), L(b))));
      assert.equal(F.subtractModulus(a), a >= P ? a - P : a);
      // The 6-limb borrow sub is the rule LimbField's sub states; fp.rs's sub is (−b) + a instead.
      assert.equal(F.sub(a, b), fromWords(scalarStyle.sub(L(a), L(b))));
      assert.equal(fpSub(a, b), fromWords(w.add(w.neg(L(b)), L(a))));
      assert.equal(fpSumOfProducts([a, b], [c, d]), fromWords(w.sumOfProducts([L(a), L(b)], [L(c), L(d)])));
      // On reduced limbs it is the field: a·b·R⁻¹ and a + b mod p.
      const [ra, rb] = [a % P, b % P];
      assert.equal(F.mul(ra, rb), Fp.mul(Fp.mul(ra, rb), rInv));
      assert.equal(F.add(ra, rb), Fp.add(ra, rb));
    }),
    { seed: 384, numRuns: 1000 },
  );
});

test("limbs: the width is whole u64 limbs, 256 bits unless told, and the modulus odd below 2^bits", () => {
  assert.equal(new LimbField(JUBJUB_ORDER).bits, 256);
  assert.equal(new LimbField(JUBJUB_ORDER).one, (1n << 256n) % JUBJUB_ORDER);
  assert.throws(() => new LimbField(P, 100), RangeError);
  assert.throws(() => new LimbField(P, 0), RangeError);
  assert.throws(() => new LimbField(P, 256), RangeError);
  assert.throws(() => new LimbField(P + 1n, 384), RangeError);
});
