// Piecrust's contracts/fibonacci: naive recursion, nth(0) = nth(1) = 1.

@contract
class Fibonacci {
  nth(n: u32): u64 {
    return fib(n);
  }
}

function fib(n: u32): u64 {
  if (n < 2) return 1;
  return fib(n - 1) + fib(n - 2);
}
