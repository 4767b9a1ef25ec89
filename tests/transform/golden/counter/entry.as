const __pcas_self: usize = memory.data(offsetof<Counter>() > 0 ? offsetof<Counter>() : 8, 8);
changetype<Counter>(__pcas_self).value = <u64>(0xfc);
export function read_value(arg_len: i32): i32 {
  const r = changetype<Counter>(__pcas_self).read_value();
  return __pcas_ret<u64>(r);
}
export function increment(arg_len: i32): i32 {
  changetype<Counter>(__pcas_self).increment();
  return 0;
}
