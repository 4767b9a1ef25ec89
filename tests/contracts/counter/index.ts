// Piecrust's contracts/counter: one i64 that starts at 0xfc.
// `read_value` returns it (rkyv i64 = 8 LE bytes), `increment` adds one.

@contract
class Counter {
  value: i64 = 0xfc;

  read_value(): i64 {
    return this.value;
  }

  increment(): void {
    this.value += 1;
  }
}
