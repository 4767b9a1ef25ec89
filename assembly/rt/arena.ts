// The arena runtime (docs/runtime.md): the transform parses this file in place of ~lib/rt/tlsf and
// ~lib/rt/itcms for contracts whose state holds no managed object created after deployment
// (transform/runtime.ts decides), so imports resolve as in ~lib/rt/.
//
// Every object is bumped from `__pcas_arena_top`. What the start code and `init` allocate stays (the
// watermark `__pcas_arena_keep` moves up to the top when they end); what a call allocates after
// that is dropped at the exit of the contract's outermost frame, which also zeroes it (one
// memory.fill, 1 gas), so a call starts on zeroed memory and never pays for a free list, a header
// field it does not need, or a collection step. Persistent collections take their blocks from
// `__pcas_persist_alloc`, which moves the watermark up. Storing a per-call object into an object
// made at deployment would leave it dangling, so the write barrier refuses it with a panic.

import { AL_MASK, OBJECT, OBJECT_OVERHEAD, BLOCK_MAXSIZE, BLOCK_OVERHEAD, BLOCK, OBJECT_MAXSIZE } from "./common";

// Both start at the first block after the static data (written out twice so that neither global
// reads the other: a contract that never allocates then persists neither).
// @ts-ignore: decorator
@lazy let __pcas_arena_keep: usize = ((__heap_base + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
// @ts-ignore: decorator
@lazy let __pcas_arena_top: usize = ((__heap_base + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
// Where the objects made at deployment end: what the write barrier guards. Not the watermark,
// which a PersistentMap's growth raises above objects the running call still uses. A memory cell,
// not a global: only the barrier reads it, while every global costs a restore on every call.
// @ts-ignore: decorator
@lazy const __pcas_arena_state: usize = memory.data(4, 4);

function __pcas_arena_grow(end: usize): void {
  const have = <usize>memory.size() << 16;
  if (end > have) {
    // Only the pages needed: every page a contract touches is state, so no doubling.
    if (memory.grow(<i32>((end - have + 0xffff) >>> 16)) < 0) abort("out of memory: the contract's memory cannot grow further");
  }
}

// @ts-ignore: decorator
@inline function arenaSize(size: usize): usize {
  return ((size + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
}

// @ts-ignore: decorator
@unsafe @global
export function __alloc(size: usize): usize {
  if (size > BLOCK_MAXSIZE) abort("allocation too large");
  const block = changetype<BLOCK>(__pcas_arena_top);
  const ptr = __pcas_arena_top + BLOCK_OVERHEAD;
  const payload = arenaSize(size);
  const end = ptr + payload;
  __pcas_arena_grow(end);
  __pcas_arena_top = end;
  block.mmInfo = payload;
  return ptr;
}

// @ts-ignore: decorator
@unsafe @global
export function __realloc(ptr: usize, size: usize): usize {
  const block = changetype<BLOCK>(ptr - BLOCK_OVERHEAD);
  const actual = block.mmInfo;
  const payload = arenaSize(size);
  if (ptr + actual == __pcas_arena_top) {
    // The last block grows or shrinks in place (memory above the top is zero).
    if (payload > actual) {
      if (size > BLOCK_MAXSIZE) abort("allocation too large");
      __pcas_arena_grow(ptr + payload);
    } else {
      memory.fill(ptr + payload, 0, actual - payload);
    }
    __pcas_arena_top = ptr + payload;
    block.mmInfo = payload;
    return ptr;
  }
  if (payload <= actual) return ptr;
  const moved = __alloc(max<usize>(payload, actual << 1));
  memory.copy(moved, ptr, actual);
  return moved;
}

// @ts-ignore: decorator
@unsafe @global
export function __free(ptr: usize): void {
  const block = changetype<BLOCK>(ptr - BLOCK_OVERHEAD);
  if (ptr + block.mmInfo == __pcas_arena_top && ptr >= __pcas_arena_keep + BLOCK_OVERHEAD) {
    memory.fill(ptr - BLOCK_OVERHEAD, 0, block.mmInfo + BLOCK_OVERHEAD);
    __pcas_arena_top = changetype<usize>(block);
  }
}

// @ts-ignore: decorator
@unsafe @global
export function __new(size: usize, id: u32): usize {
  if (size > OBJECT_MAXSIZE) abort("allocation too large");
  // An object's block needs no mmInfo (its size is rtSize, see __renew), and gcInfo and gcInfo2
  // stay zero as the arena memory is: the header costs one i64 store for rtId and rtSize.
  const block = __pcas_arena_top;
  const ptr = block + BLOCK_OVERHEAD + OBJECT_OVERHEAD;
  const end = block + BLOCK_OVERHEAD + arenaSize(OBJECT_OVERHEAD + size);
  // The page test inline: the call alone would cost more than the test.
  if (end > (<usize>memory.size() << 16)) __pcas_arena_grow(end);
  __pcas_arena_top = end;
  store<u64>(block + offsetof<OBJECT>("rtId"), (<u64>size << 32) | <u64>id);
  return ptr;
}

// @ts-ignore: decorator
@unsafe @global
export function __renew(oldPtr: usize, size: usize): usize {
  if (size > OBJECT_MAXSIZE) abort("allocation too large");
  const header = changetype<OBJECT>(oldPtr - OBJECT_OVERHEAD - BLOCK_OVERHEAD);
  // __new writes no mmInfo: the block's payload follows from the object's size.
  header.mmInfo = arenaSize(OBJECT_OVERHEAD + header.rtSize);
  // A moved object keeps its header: the copy brought it along.
  const newPtr = __realloc(oldPtr - OBJECT_OVERHEAD, OBJECT_OVERHEAD + size);
  changetype<OBJECT>(newPtr - BLOCK_OVERHEAD).rtSize = <u32>size;
  return newPtr + OBJECT_OVERHEAD;
}

// @ts-ignore: decorator
@global @unsafe
export function __link(parentPtr: usize, childPtr: usize, expectMultiple: bool): void {
  const state = load<usize>(__pcas_arena_state);
  if (parentPtr < state && childPtr >= state) {
    abort("a per-call object was stored into the contract's persistent state; the arena runtime drops it when the call ends (keep state in value fields or PersistentMap, or build with --runtime incremental)");
  }
}

// @ts-ignore: decorator
@global @unsafe
export function __pin(ptr: usize): usize {
  return ptr;
}

// @ts-ignore: decorator
@global @unsafe
export function __unpin(ptr: usize): void {}

// @ts-ignore: decorator
@global @unsafe
function __visit(ptr: usize, cookie: u32): void {}

// @ts-ignore: decorator
@global @unsafe
export function __collect(): void {}

/** Everything allocated so far stays: the end of the start code and of `init`. */
// @ts-ignore: decorator
@global @unsafe @inline
export function __pcas_arena_keep_all(): void {
  __pcas_arena_keep = __pcas_arena_top;
  store<usize>(__pcas_arena_state, __pcas_arena_top);
}

/** Drops (and zeroes) what this call allocated: the exit of the contract's outermost frame. */
// @ts-ignore: decorator
@global @unsafe
export function __pcas_arena_reset(): void {
  const keep = __pcas_arena_keep;
  const top = __pcas_arena_top;
  if (top != keep) {
    memory.fill(keep, 0, top - keep);
    __pcas_arena_top = keep;
  }
}

/** A block that outlives the call (persistent collections): the watermark moves past it. */
// @ts-ignore: decorator
@global @unsafe
export function __pcas_persist_alloc(size: usize): usize {
  const ptr = __alloc(size);
  __pcas_arena_keep = __pcas_arena_top;
  return ptr;
}
