// Mirrors dusk-bls12_381 0.14.2's `Scalar` (src/scalar.rs) as limbs: the BLS12-381 scalar field, which
// is also dusk-jubjub's base field Fq, and its `invert` (the addition chain of `invert_ct`, step for
// step: on unreduced limbs a different chain could give different limbs).
import { LimbField } from "./limbs.js";
import { BLS_SCALAR_MODULUS } from "./scalar.js";

/** BlsScalar / jubjub's Fq, computed as dusk-bls12_381 computes on its limbs. */
export const FQ = new LimbField(BLS_SCALAR_MODULUS);

/**
 * `Scalar::invert`: None for zero limbs (undefined here), the element itself for one and minus one,
 * else x^(r−2) by `invert_ct`'s addition chain.
 */
export function invertFq(x: bigint): bigint | undefined {
  const F = FQ;
  if (x === 0n) return undefined;
  if (x === F.one || x === F.neg(F.one)) return x;
  const sqn = (v: bigint, n: number): bigint => {
    for (let i = 0; i < n; i++) v = F.square(v);
    return v;
  };
  let t0 = F.square(x);
  let t1 = F.mul(t0, x);
  let t16 = F.square(t0);
  let t6 = F.square(t16);
  let t5 = F.mul(t6, t0);
  t0 = F.mul(t6, t16);
  let t12 = F.mul(t5, t16);
  let t2 = F.square(t6);
  let t7 = F.mul(t5, t6);
  let t15 = F.mul(t0, t5);
  let t17 = F.square(t12);
  t1 = F.mul(t1, t17);
  let t3 = F.mul(t7, t2);
  const t8 = F.mul(t1, t17);
  const t4 = F.mul(t8, t2);
  const t9 = F.mul(t8, t7);
  t7 = F.mul(t4, t5);
  const t11 = F.mul(t4, t17);
  t5 = F.mul(t9, t17);
  const t14 = F.mul(t7, t15);
  const t13 = F.mul(t11, t12);
  t12 = F.mul(t11, t17);
  t15 = F.mul(t15, t12);
  t16 = F.mul(t16, t15);
  t3 = F.mul(t3, t16);
  t17 = F.mul(t17, t3);
  t0 = F.mul(t0, t17);
  t6 = F.mul(t6, t0);
  t2 = F.mul(t2, t6);
  const tail: [number, bigint][] = [
    [8, t17], [9, t16], [9, t15], [9, t15], [7, t14], [7, t13], [10, t12], [9, t11], [8, t8], [8, x],
    [14, t9], [10, t8], [15, t7], [10, t6], [8, t5], [16, t3], [8, t2], [7, t4], [9, t2], [8, t3],
    [8, t2], [8, t2], [8, t2], [8, t3], [8, t2], [8, t2], [5, t1], [5, t1],
  ];
  for (const [n, by] of tail) t0 = F.mul(sqn(t0, n), by);
  return t0;
}
