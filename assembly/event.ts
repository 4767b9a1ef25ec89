// Events and feeds, as piecrust-uplink's `emit`, `emit_raw`, `feed` and `feed_raw`. The data is
// rkyv-encoded straight into the argbuf; the host copies it out (and charges 4 gas per byte of
// topic and data for events).

import * as env from "./env";
import { A, ARGBUF_LEN, argbufSetBytes } from "./argbuf";
import { encode } from "./codec/api";

/** Emits an event with `topic` and `value` as its rkyv archive. */
export function emit<T>(topic: string, value: T): void {
  const t = String.UTF8.encode(topic);
  const len = encode<T>(value, A, <u32>ARGBUF_LEN);
  env.emit(changetype<usize>(t), <u32>t.byteLength, len);
}

/** Emits an event with `topic` and raw `data`. */
export function emitRaw(topic: string, data: Uint8Array): void {
  const t = String.UTF8.encode(topic);
  argbufSetBytes(0, data);
  env.emit(changetype<usize>(t), <u32>t.byteLength, <u32>data.length);
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
