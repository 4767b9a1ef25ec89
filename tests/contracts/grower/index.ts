// Piecrust's contracts/grower: appends whole argument buffers to a growing byte vector (so the
// memory grows), reads slices back, and can panic after appending (the growth must be undone).
// Raw byte protocol, as in Piecrust: no rkyv.
import { panicStr } from "../../../assembly";
import { A } from "../_lib/io";

let data: usize = 0;
let cap: u32 = 0;
let size: u32 = 0;

function appendBytes(n: u32): void {
  if (size + n > cap) {
    // Double like a Rust Vec; the old block goes back to the allocator.
    let ncap = cap == 0 ? n : cap;
    while (ncap < size + n) ncap <<= 1;
    const next = heap.alloc(<usize>ncap);
    if (size > 0) memory.copy(next, data, size);
    if (data != 0) heap.free(data);
    data = next;
    cap = ncap;
  }
  memory.copy(data + size, A, n);
  size += n;
}

export function append(len: u32): u32 {
  appendBytes(len);
  return 0;
}

export function append_and_panic(len: u32): u32 {
  appendBytes(len);
  panicStr("isded");
  return 0;
}

export function view(argLen: u32): u32 {
  if (argLen != 8) panicStr("Bad arguments");
  const offset = load<u32>(A);
  const n = load<u32>(A, 4);
  if (<u64>offset + <u64>n > <u64>size) panicStr("range end index out of range");
  memory.copy(A, data + offset, n);
  return n;
}

export function len(argLen: u32): u32 {
  store<u32>(A, size);
  return 4;
}
