// Shared by the fixed-size dusk-core types (assembly/dusk): their archived bytes are held as they
// are, so reading or writing one is a copy.

import { ArchiveWriter } from "../codec/writer";
import { ArchiveReader } from "../codec/reader";

/** Copies the archived bytes `bytes` to position `at` of the archive being written. */
export function writeBytes(w: ArchiveWriter, at: u32, bytes: StaticArray<u8>): void {
  memory.copy(w.base + <usize>at, changetype<usize>(bytes), <usize>bytes.length);
}

/** Copies `size` archived bytes from position `at` of a validated archive. */
export function readBytes(r: ArchiveReader, at: u32, size: i32): StaticArray<u8> {
  const out = new StaticArray<u8>(size);
  memory.copy(changetype<usize>(out), r.ptr(at), <usize>size);
  return out;
}

/** `bytes` when it has exactly `size` bytes; aborts naming `what` otherwise. */
export function sized(bytes: StaticArray<u8>, size: i32, what: string): StaticArray<u8> {
  if (bytes.length != size) abort(what + " holds " + size.toString() + " archived bytes, got " + bytes.length.toString());
  return bytes;
}
