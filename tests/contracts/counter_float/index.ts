// Piecrust's contracts/counter_float: an f64 counter starting at 0xfc.

@contract
class Counter {
  value: f64 = 0xfc;

  read_value(): f64 {
    return this.value;
  }

  increment(): void {
    this.value += 1.0;
  }
}
