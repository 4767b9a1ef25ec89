// The counter contract: state is one u64 that starts at 0xfc.
// Same ABI as Piecrust's Rust counter (contracts/counter): `read_value` returns the value as
// 8 little-endian bytes (its rkyv archive), `increment` adds one and returns nothing.

@contract
class Counter {
  value: u64 = 0xfc;

  read_value(): u64 {
    return this.value;
  }

  increment(): void {
    this.value += 1;
  }
}
