// Feeds. Inside a feeder call (Session.feederCallRaw in host-sim, feeder_call in Piecrust) every
// feed goes straight to the embedder's channel: a contract can stream more data than fits in its
// 64 KiB return value, e.g. every transaction of a block. Outside a feeder call, feed traps.
// Fed data is delivered at once and is not withdrawn if the call later fails.

import { feed, feedRaw } from "../../../assembly/index";

@contract
class Feeder {
  /** Feeds the numbers 0..count-1, each as an rkyv u32. Returns how many were fed. */
  feed_num(count: u32): u32 {
    for (let i: u32 = 0; i < count; i++) feed<u32>(i);
    return count;
  }

  /** Feeds `text` split into chunks of at most `size` UTF-8 bytes, each as raw bytes. */
  feed_chunks(text: string, size: u32): u32 {
    assert(size > 0, "chunk size must be positive");
    const bytes = Uint8Array.wrap(String.UTF8.encode(text));
    let n: u32 = 0;
    for (let at = 0; at < bytes.length; at += <i32>size) {
      feedRaw(bytes.subarray(at, min(at + <i32>size, bytes.length)));
      n++;
    }
    return n;
  }

  /** Feeds one value, then panics: the fed value stays delivered, the call fails. */
  feed_then_panic(value: u64): void {
    feed<u64>(value);
    assert(false, "failed after feeding");
  }
}
