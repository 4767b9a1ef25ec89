// One function per way a contract's code can fail, each failing on the line marked `TRAP: <kind>`
// (tests/sim/traps.test.ts finds the marks and expects the backtrace to name those lines), and a
// relay for failures three contracts deep. Built with nontrapping-f2i disabled so that a float to
// integer conversion is the trapping wasm instruction.

import { ContractId, Tuple2, Tuple3, Unit, call } from "../../../assembly/index";

function deeper(n: u64): u64 {
  if (n == 0) return 0; // TRAP: stack
  return deeper(n - 1) + 1; // TRAP: recursion
}

function add_one(x: i32): i32 {
  return x + 1;
}

@contract
class Traps {
  private count: u64 = 0;

  hit_unreachable(): void {
    this.count++;
    unreachable(); // TRAP: unreachable
  }

  out_of_bounds(addr: u32): u32 {
    return load<u32>(<usize>addr); // TRAP: oob
  }

  divide(a: u64, b: u64): u64 {
    return a / b; // TRAP: divide
  }

  overflow(a: i64, b: i64): i64 {
    return a / b; // TRAP: overflow
  }

  convert(x: f64): i64 {
    return <i64>x; // TRAP: convert
  }

  /** Sums `a / (b - i)` for i < n: divides by zero in the loop when b < n, in a loop host-sim batches. */
  divide_in_loop(a: u64, b: u64, n: u32): u64 {
    let sum: u64 = 0;
    for (let i: u32 = 0; i < n; i++) {
      sum += a / (b - <u64>i); // TRAP: loop-divide
    }
    return sum;
  }

  /** Sums the u32s at addr, addr + 1, … for i < n: fails once one crosses the 4 GiB of memory. */
  load_in_loop(addr: u32, n: u32): u32 {
    let sum: u32 = 0;
    for (let i: u32 = 0; i < n; i++) {
      sum += load<u32>(<usize>(addr + i)); // TRAP: loop-oob
    }
    return sum;
  }

  recurse(n: u64): u64 {
    return deeper(n);
  }

  spin(): void {
    let x: u64 = 0;
    while (true) x += this.count; // TRAP: gas
  }

  bad_indirect(index: u32): i32 {
    const keep: (x: i32) => i32 = add_one; // puts a function in the table
    return keep(1) + call_indirect<i32>(index, 1, 2); // TRAP: indirect
  }

  /** Calls `divide(a, b)` on `next` and fails here when that fails. */
  relay_divide(next: ContractId, a: u64, b: u64): u64 {
    const r = call<Tuple2<u64, u64>, u64>(next, "divide", new Tuple2<u64, u64>(a, b));
    if (!r.isOk) unreachable(); // TRAP: relay1
    return r.value;
  }

  /** Calls `relay_divide(last, a, b)` on `next` and fails here when that fails. */
  relay_relay(next: ContractId, last: ContractId, a: u64): u64 {
    const r = call<Tuple3<ContractId, u64, u64>, u64>(next, "relay_divide", new Tuple3<ContractId, u64, u64>(last, a, 0));
    if (!r.isOk) unreachable(); // TRAP: relay2
    return r.value;
  }

  /** `next.divide(1, 0)` fails, `next.noop()` succeeds, then this fails on its own. */
  recover_then_fail(next: ContractId): void {
    call<Tuple2<u64, u64>, u64>(next, "divide", new Tuple2<u64, u64>(1, 0));
    call<Unit, Unit>(next, "noop", new Unit());
    unreachable(); // TRAP: own
  }

  noop(): Unit {
    return new Unit();
  }
}
