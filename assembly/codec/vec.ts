// ArchivedVec<T> (also Box<[T]>): { offset: i32 @0 (relative to the Vec
// itself), len: u32 @4 }, 8 bytes, align 4. Serialization: element deps in
// index order, zero padding to align(T), the elements back to back, and the
// header wherever the Vec sits. An empty Vec still pads and points there.
// Plain element types (integers, floats) are moved with one memory.copy.

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { pushResolver, takeResolver, resolverMark, beginTake, rewindResolvers } from "./resolvers";
import { archivedSize, archivedAlign, isPlain, hasDeps, serializeDeps, resolveAt, checkAt, readAt } from "./dispatch";

/** Writes the elements of a Vec<T>; pushes the element-array position. */
export function vecDeps<T>(w: ArchiveWriter, arr: Array<T>): void {
  const n = <u32>arr.length;
  const size = archivedSize<T>();
  const align = archivedAlign<T>();
  if (isPlain<T>()) {
    w.padTo(align);
    pushResolver(w.writeBytes(arr.dataStart, n * size));
    return;
  }
  const mark = resolverMark();
  if (hasDeps<T>()) {
    for (let i: u32 = 0; i < n; i++) serializeDeps<T>(w, unchecked(arr[i]));
  }
  beginTake(mark);
  const pos = w.reserve(n * size, align, true);
  for (let i: u32 = 0; i < n; i++) resolveAt<T>(w, pos + i * size, unchecked(arr[i]));
  rewindResolvers(mark);
  pushResolver(pos);
}

/** Vec<u8> from a Uint8Array. */
export function bytesDeps(w: ArchiveWriter, arr: Uint8Array): void {
  pushResolver(w.writeBytes(arr.dataStart, <u32>arr.length));
}

/** Writes the { offset, len } header at `at`. */
export function vecResolve(w: ArchiveWriter, at: u32, len: i32): void {
  const p = w.base + <usize>at;
  store<i32>(p, <i32>takeResolver() - <i32>at);
  store<u32>(p, <u32>len, 4);
}

/** Validates a Vec<T> header at `at`, claims its elements, checks them in index order. */
export function vecCheck<T>(r: ArchiveReader, at: u32): bool {
  const n = load<u32>(r.base + <usize>at, 4);
  const size = archivedSize<T>();
  const bytes = <u64>n * <u64>size;
  const t = r.target(at, at, bytes, archivedAlign<T>());
  if (t < 0) return false;
  const saved = r.enter(<u32>t);
  // Zero-sized elements carry nothing to check (and n could then be huge).
  if (!isPlain<T>() && size != 0) {
    for (let i: u32 = 0; i < n; i++) {
      if (!checkAt<T>(r, <u32>t + i * size)) return false;
    }
  }
  r.leave(<u32>t, <u32>bytes, saved);
  return true;
}

export function vecRead<T>(r: ArchiveReader, at: u32): Array<T> {
  const p = r.base + <usize>at;
  const t = <u32>(<i64>at + <i64>load<i32>(p));
  const n = load<u32>(p, 4);
  const size = archivedSize<T>();
  const arr = new Array<T>(<i32>n);
  if (isPlain<T>()) {
    memory.copy(arr.dataStart, r.base + <usize>t, n * size);
  } else {
    for (let i: u32 = 0; i < n; i++) unchecked(arr[i] = readAt<T>(r, t + i * size));
  }
  return arr;
}

export function bytesRead(r: ArchiveReader, at: u32): Uint8Array {
  const p = r.base + <usize>at;
  const t = <u32>(<i64>at + <i64>load<i32>(p));
  const n = load<u32>(p, 4);
  const arr = new Uint8Array(<i32>n);
  memory.copy(arr.dataStart, r.base + <usize>t, n);
  return arr;
}
