// Events and feeds, as piecrust-uplink's `emit`, `emit_raw`, `feed` and `feed_raw`. The data is
// rkyv-encoded straight into the argbuf; the host copies it out (and charges 4 gas per byte of
// topic and data for events).

import * as env from "./env";
import { A, ARGBUF_LEN, argbufPutUtf8, argbufSetBytes } from "./argbuf";
import { encode } from "./codec/api";

/**
 * The topic's UTF-8 goes into the argbuf right after the `len` bytes of event data (the host reads
 * both before anything else writes there), so a topic costs no allocation. A topic too long for
 * the room left takes the allocating path.
 */
function emitAfter(topic: string, len: u32): void {
  const n = argbufPutUtf8(len, topic);
  if (n >= 0) {
    env.emit(A + len, n, len);
    return;
  }
  const t = String.UTF8.encode(topic);
  env.emit(changetype<usize>(t), <u32>t.byteLength, len);
}

/** Emits an event with `topic` and `value` as its rkyv archive. */
export function emit<T>(topic: string, value: T): void {
  emitAfter(topic, encode<T>(value, A, <u32>ARGBUF_LEN));
}

/** Emits an event with `topic` and raw `data`. */
export function emitRaw(topic: string, data: Uint8Array): void {
  argbufSetBytes(0, data);
  emitAfter(topic, <u32>data.length);
}

/** Sends `value` (rkyv) to the feeder; only inside a feeder call (otherwise the host traps). */
export function feed<T>(value: T): void {
  const len = encode<T>(value, A, <u32>ARGBUF_LEN);
  env.feed(len);
}

/** Sends raw `data` to the feeder. */
export function feedRaw(data: Uint8Array): void {
  argbufSetBytes(0, data);
  env.feed(<u32>data.length);
}
