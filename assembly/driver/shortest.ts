// The digits serde_json prints for an f64 (zmij, like ryu): the shortest decimal that reads back
// as the same float, and of those the closest to it. AssemblyScript's own dtoa (Grisu2) always
// reads back but is sometimes a digit longer or one off in the last place, so its digits are only
// the starting guess here; every choice is checked with exact integer arithmetic.

/** A non-negative integer in base 2^32, least significant limb first (at most ~2300 bits here). */
class Big {
  limbs: u32[] = [];

  static of(v: u64): Big {
    const b = new Big();
    b.limbs.push(<u32>v);
    b.limbs.push(<u32>(v >> 32));
    return b;
  }

  mulSmall(f: u32): void {
    let carry: u64 = 0;
    for (let i = 0; i < this.limbs.length; i++) {
      const x = <u64>this.limbs[i] * <u64>f + carry;
      this.limbs[i] = <u32>x;
      carry = x >> 32;
    }
    if (carry != 0) this.limbs.push(<u32>carry);
  }

  mulPow10(n: i32): void {
    for (; n >= 9; n -= 9) this.mulSmall(1_000_000_000);
    if (n > 0) this.mulSmall(<u32>Math.pow(10, n));
  }

  mulPow2(n: i32): void {
    for (; n >= 31; n -= 31) this.mulSmall(<u32>1 << 31);
    if (n > 0) this.mulSmall(<u32>1 << n);
  }

  cmp(o: Big): i32 {
    let a = this.limbs.length, b = o.limbs.length;
    while (a > 0 && this.limbs[a - 1] == 0) a--;
    while (b > 0 && o.limbs[b - 1] == 0) b--;
    if (a != b) return a < b ? -1 : 1;
    for (let i = a - 1; i >= 0; i--) {
      if (this.limbs[i] != o.limbs[i]) return this.limbs[i] < o.limbs[i] ? -1 : 1;
    }
    return 0;
  }
}

/** The sign of a·10^q − b·2^p. */
function cmpScaled(a: u64, q: i32, b: u64, p: i32): i32 {
  const x = Big.of(a), y = Big.of(b);
  if (q >= 0) x.mulPow10(q); else y.mulPow10(-q);
  if (p >= 0) y.mulPow2(p); else x.mulPow2(-p);
  return x.cmp(y);
}

/** Shortest round-trip digits of a finite v > 0, as `digits` with v ≈ 0.digits × 10^`point`. */
export class Shortest {
  digits: string = "";
  point: i32 = 0;
}

export function shortest(v: f64, guess: string, guessPoint: i32): Shortest {
  const bits = reinterpret<u64>(v);
  const biased = <i32>((bits >> 52) & 0x7ff);
  const frac = bits & ((<u64>1 << 52) - 1);
  const m: u64 = biased == 0 ? frac : frac | (<u64>1 << 52);
  const e: i32 = biased == 0 ? -1074 : biased - 1075;
  // v = m·2^e; the floats next to it are ±2^e away, or 2^(e-1) below at a power of two. Decimals
  // strictly between the midpoints read back as v; on a midpoint only when m is even (ties to even).
  const narrowBelow = frac == 0 && biased > 1;
  const inclusive = (m & 1) == 0;
  for (let len = 1; len <= 17; len++) {
    const q = guessPoint - len;
    // The guess's first len digits, rounded: within one unit of v rounded to len digits.
    let d: u64 = 0;
    for (let i = 0; i < len; i++) d = d * 10 + (i < guess.length ? <u64>(guess.charCodeAt(i) - 0x30) : 0);
    if (len < guess.length && guess.charCodeAt(len) >= 0x35) d++;
    // Make d the len-digit decimal nearest v (ties to even): 2v = 2m·2^e against (2d ± 1)·10^q.
    while (cmpScaled(2 * d + 1, q, 2 * m, e) < 0) d++;
    while (d > 0 && cmpScaled(2 * d - 1, q, 2 * m, e) > 0) d--;
    if (cmpScaled(2 * d + 1, q, 2 * m, e) == 0 && (d & 1) == 1) d++;
    if (cmpScaled(2 * d - 1, q, 2 * m, e) == 0 && (d & 1) == 1) d--;
    if (inside(d, q, m, e, narrowBelow, inclusive)) return result(d, q);
    // Only on the narrow side of a power of two can the nearest fall out while the other stays in.
    const side = cmpScaled(2 * d, q, 2 * m, e);
    const other = side < 0 ? d + 1 : d - 1;
    if (other > 0 && inside(other, q, m, e, narrowBelow, inclusive)) return result(other, q);
  }
  return result(<u64>0, 0); // unreachable: 17 digits always read back
}

function inside(d: u64, q: i32, m: u64, e: i32, narrowBelow: bool, inclusive: bool): bool {
  const hi = cmpScaled(2 * d, q, 2 * m + 1, e);
  const lo = narrowBelow ? cmpScaled(2 * d, q, 4 * m - 1, e - 1) : cmpScaled(2 * d, q, 2 * m - 1, e);
  return inclusive ? hi <= 0 && lo >= 0 : hi < 0 && lo > 0;
}

function result(d: u64, q: i32): Shortest {
  let s = d.toString();
  let end = s.length;
  while (end > 1 && s.charCodeAt(end - 1) == 0x30) end--;
  const r = new Shortest();
  r.digits = s.substring(0, end);
  r.point = s.length + q;
  return r;
}
