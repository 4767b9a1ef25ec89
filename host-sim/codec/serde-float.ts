// Mirrors no Piecrust file: serde_json's display of a float held in a `serde_json::Value`
// (serde_json 1.0.149 src/number.rs, formatted by zmij), which is how Dusk's data drivers print one.

/**
 * The JSON text serde_json gives a float in Dusk's data drivers: `rkyv_to_json` (rusk
 * data-drivers/data-driver/src/lib.rs) goes through `serde_json::to_value`, whose `Number::from_f32`
 * widens an f32 to f64 (0.1f32 prints as 0.10000000149011612), and `Value::to_string` writes the
 * shortest f64 digits that round-trip, laid out as ryu/zmij do: "1.0" for whole numbers, "-0.0",
 * plain decimals from 1e-5 up to 1e16 and exponents ("1e-7", "1e+16") outside. A non-finite float
 * has no `Number`, so the value is `null`; this returns null for it.
 */
export function serdeFloatText(v: number): string | null {
  if (!Number.isFinite(v)) return null;
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  // toExponential() without a digit count gives the shortest round-trip digits, as zmij does.
  const [mantissa, exp] = Math.abs(v).toExponential().split("e") as [string, string];
  return (v < 0 ? "-" : "") + layout(mantissa.replace(".", ""), Number(exp) + 1);
}

/** The value 0.DIGITS × 10^kk written as zmij writes it (the thresholds are ryu's). */
function layout(digits: string, kk: number): string {
  const k = kk - digits.length;
  if (k >= 0 && kk <= 16) return `${digits}${"0".repeat(k)}.0`;
  if (kk > 0 && kk <= 16) return `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  if (kk > -5 && kk <= 0) return `0.${"0".repeat(-kk)}${digits}`;
  const e = kk - 1;
  return `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ""}e${e > 0 ? "+" : ""}${e}`;
}
