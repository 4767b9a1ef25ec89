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

let area: usize = 0;
let cap: u32 = 0;
let sp: u32 = 0; // next free slot
let rp: u32 = 0; // next slot `take` reads

// @ts-ignore: decorator
@inline export function resolverMark(): u32 {
  return sp;
}

export function pushResolver(v: u32): void {
  if (sp >= cap) grow();
  store<u32>(area + (<usize>sp << 2), v);
  sp++;
}

// @ts-ignore: decorator
@inline export function beginTake(mark: u32): void {
  rp = mark;
}

export function takeResolver(): u32 {
  // A mismatch here is a codec bug (deps/resolve disagree), not bad input.
  if (rp >= sp) abort("rkyv writer: resolver stack underflow");
  const v = load<u32>(area + (<usize>rp << 2));
  rp++;
  return v;
}

// @ts-ignore: decorator
@inline export function rewindResolvers(mark: u32): void {
  sp = mark;
}

function grow(): void {
  if (area == 0) {
    area = staticArea;
    cap = STATIC_CAP;
    if (sp < cap) return;
  }
  const ncap = cap << 1;
  // The area outlives the call (the globals keep pointing at it): under the arena runtime it must
  // come from persistent memory, or the end of the call would hand it out again.
  const narea = isDefined(__pcas_persist_alloc) ? __pcas_persist_alloc(<usize>ncap << 2) : heap.alloc(<usize>ncap << 2);
  memory.copy(narea, area, <usize>cap << 2);
  if (area != staticArea) heap.free(area);
  area = narea;
  cap = ncap;
}
