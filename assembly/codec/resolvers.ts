// The resolver stack. rkyv serializes in two steps per value: first the
// out-of-line data (string bytes, Vec elements, ...), then the fixed-size
// archived object, which needs the positions ("resolvers") of that data. A
// struct's fields each produce resolvers before the struct itself is written,
// so they must be kept somewhere: this is a LIFO of u32 positions in a static
// 1 KiB area (256 entries; rkyv itself only has a 1 KiB scratch buffer), grown
// on the heap only for unusually wide values.
//
// Discipline: `deps` of a value pushes exactly the resolvers its `resolve`
// later takes, in the same order. A container that writes its elements inside
// its own `deps` does: mark = mark(); deps(each); beginTake(mark);
// resolve(each); rewind(mark); push(ownPosition).

const STATIC_CAP: u32 = 256;
const staticArea: usize = memory.data(<i32>STATIC_CAP * 4, 4);

// Where the stack lives and how many slots it has: a cell in static memory, not two globals,
// because every mutable global is saved and restored around every call of every contract (about
// 8 gas each) while these change only when a value needs more than 256 resolvers.
const where: usize = memory.data(8, 4); // area (0: the static area), capacity (0: STATIC_CAP)

// Back to zero at the end of every encode, and an encode never spans a host call, so they need no
// saving between frames (persist.ts leaves `__transient_` globals alone).
let __transient_sp: u32 = 0; // next free slot
let __transient_rp: u32 = 0; // next slot `take` reads

// @ts-ignore: decorator
@inline function area(): usize {
  const a = load<usize>(where);
  return a ? a : staticArea;
}

// @ts-ignore: decorator
@inline function cap(): u32 {
  const c = load<u32>(where, 4);
  return c ? c : STATIC_CAP;
}

/** The current depth of the resolver stack, to pass later to `beginTake` and `rewindResolvers`. */
// @ts-ignore: decorator
@inline export function resolverMark(): u32 {
  return __transient_sp;
}

/**
 * Pushes a resolver (the archive position of some out-of-line data) for a later `resolve` step to take;
 * grows the stack beyond its 256 static slots when needed.
 */
export function pushResolver(v: u32): void {
  const sp = __transient_sp;
  if (sp >= cap()) grow();
  store<u32>(area() + (<usize>sp << 2), v);
  __transient_sp = sp + 1;
}

/**
 * Makes `takeResolver` read from stack slot `mark` onward (a container resolving the elements it wrote in
 * its own deps step).
 */
// @ts-ignore: decorator
@inline export function beginTake(mark: u32): void {
  __transient_rp = mark;
}

/**
 * Takes the next resolver, in the order they were pushed; aborts on underflow (a codec bug, not bad
 * input).
 */
export function takeResolver(): u32 {
  const rp = __transient_rp;
  // A mismatch here is a codec bug (deps/resolve disagree), not bad input.
  if (rp >= __transient_sp) abort("rkyv writer: resolver stack underflow");
  __transient_rp = rp + 1;
  return load<u32>(area() + (<usize>rp << 2));
}

/** Pops the resolver stack back to depth `mark`, dropping the resolvers pushed since. */
// @ts-ignore: decorator
@inline export function rewindResolvers(mark: u32): void {
  __transient_sp = mark;
}

function grow(): void {
  const old = area();
  const ncap = cap() << 1;
  // The area outlives the call (the cell keeps pointing at it): under the arena runtime it must
  // come from persistent memory, or the end of the call would hand it out again.
  const narea = isDefined(__pcas_persist_alloc) ? __pcas_persist_alloc(<usize>ncap << 2) : heap.alloc(<usize>ncap << 2);
  memory.copy(narea, old, <usize>(ncap >> 1) << 2);
  if (old != staticArea) heap.free(old);
  store<usize>(where, narea);
  store<u32>(where, ncap, 4);
}
