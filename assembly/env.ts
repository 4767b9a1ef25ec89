// Raw Piecrust host imports (wasm32 signatures, piecrust-vm.md §5.2).
// Piecrust resolves imports by field name only; the module name "env" is what asc emits.
// asc emits an import only when it is referenced, so declaring all 13 here costs nothing.
// `hdebug` exists only in debug-enabled Piecrust: reach it through `debug()` in debug.ts,
// which compiles it out of release builds.

/** Inter-contract call. Callee id (32 bytes) at `callee`, UTF-8 name at `name`, argument in A. */
@external("env", "c")
export declare function c(callee: usize, name: usize, name_len: u32, arg_len: u32, gas_limit: u64): i32;

/** Host query: argument in A, answer written to A; returns the answer length. */
@external("env", "hq")
export declare function hq(name: usize, name_len: u32, arg_len: u32): u32;

/** Session metadata by name, copied to A; returns its length (0 = absent). */
@external("env", "hd")
export declare function hd(name: usize, name_len: u32): u32;

/** Emits an event with the given topic and data A[0..arg_len]. */
@external("env", "emit")
export declare function emit(topic: usize, topic_len: u32, arg_len: u32): void;

/** Sends A[0..arg_len] to the feeder of a feeder call. */
@external("env", "feed")
export declare function feed(arg_len: u32): void;

/** Writes the parent frame's id to A[0..32] and returns 1, or returns 0 at the root. */
@external("env", "caller")
export declare function caller(): i32;

/** Writes the ancestors' ids (nearest first) to A, 32 bytes each; returns their count. */
@external("env", "callstack")
export declare function callstack(): i32;

/** Gas limit of the current frame. */
@external("env", "limit")
export declare function limit(): u64;

/** Gas spent so far by the current frame. */
@external("env", "spent")
export declare function spent(): u64;

/** Traps the frame with the UTF-8 message A[0..arg_len]. Never returns. */
@external("env", "panic")
export declare function panic(arg_len: u32): void;

/** Writes the owner of the contract whose id is at `id` (0 = self) to A; returns its length (0 = unknown). */
@external("env", "owner")
export declare function owner(id: usize): i32;

/** Writes this contract's id to A[0..32]. */
@external("env", "self_id")
export declare function self_id(): void;

/** Debug output A[0..msg_len] (debug-enabled Piecrust only). */
@external("env", "hdebug")
export declare function hdebug(msg_len: u32): void;
