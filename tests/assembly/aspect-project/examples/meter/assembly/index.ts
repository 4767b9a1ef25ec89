// Adds 1..n to a total one step at a time, so that the gas of `work` grows with n.
@contract
class Meter {
  total: u64 = 0;

  work(n: u32): u64 {
    for (let i: u32 = 1; i <= n; i++) this.total += i;
    return this.total;
  }

  halve(n: u64): u64 {
    assert(n % 2 == 0, "n must be even");
    return n / 2;
  }

  read(): u64 {
    return this.total;
  }
}
