// Compile-time type dispatch: maps an AssemblyScript type to its rkyv 0.7
// archived form. Every branch is selected by a constant condition, so each
// instantiation compiles to straight-line code for exactly one type.
//
//   bool, u8..u64, i8..i64, f32, f64 (usize/isize are 32-bit = size_32)
//   u128 / i128 (as-bignum)          -> u128 / i128, 16 bytes, align 16
//   u256 (as-bignum)                 -> [u8; 32] little-endian, align 1
//   string, Utf8String               -> String (Utf8String keeps the UTF-8 bytes as they are)
//   Array<T>, Uint8Array             -> Vec<T>, Vec<u8>
//   StaticArray<T>                   -> [T; N] (N = length; decoding needs N)
//   T | null                         -> Option<T>
//   Map<K, V>, Set<K>                -> BTreeMap<K, V>, BTreeSet<K>
//   ContractId (../types)            -> 32 raw bytes, align 1
//   ContractError (../error)         -> enum ContractError, 12 bytes, align 4
//   classes held as archived bytes   -> those bytes as they are (bytes.ts: dusk-core keys, scalars)
//   classes with the archive members -> structs/enums/tuples (member contract: transform/archive-codegen.ts)
//
// Four operations per type: `serializeDeps` writes out-of-line data and
// pushes resolvers; `resolveAt` writes the fixed-size object into an already
// zeroed region; `checkAt` validates; `readAt` decodes (validated input).

import { u128, u256, i128 } from "as-bignum/assembly";
import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { alignUp } from "./layout";
import * as E from "./errors";
import { stringDeps, stringResolve, stringCheck, stringRead, utf8StringDeps, utf8StringResolve, utf8StringRead } from "./string";
import { Utf8String } from "../utf8-string";
import { vecDeps, vecResolve, vecCheck, vecRead, bytesDeps, bytesRead } from "./vec";
import { fixedDeps, fixedResolve } from "./fixed";
import { ContractId, contractIdResolve, contractIdRead } from "./contract-id";
import {
  ContractError, CONTRACT_ERROR_SIZE, CONTRACT_ERROR_NICHE,
  contractErrorDeps, contractErrorResolve, contractErrorCheck, contractErrorRead,
} from "./contract-error";
import { mapDeps, mapResolve, mapCheck, mapRead, setDeps, setCheck, setRead } from "./map";
import {
  archivedBytesSize, archivedBytesAlign, archivedBytesWrite, archivedBytesRead,
} from "./bytes";

/** True for types whose archived bytes equal their AssemblyScript memory bytes. */
// @ts-ignore: decorator
@inline export function isPlain<T>(): bool {
  // bool is excluded: its bytes need the 0/1 check when decoding.
  return (isInteger<T>() && !isBoolean<T>()) || isFloat<T>();
}

/**
 * The archived (rkyv 0.7) size in bytes of a value of type `T`, resolved at compile time from the type:
 * scalars, nullable types (as `Option`), strings, `Vec`s, maps, SDK types and `@archive` classes.
 */
// @ts-ignore: decorator
@inline export function archivedSize<T>(): u32 {
  if (isBoolean<T>()) return 1;
  if (isInteger<T>() || isFloat<T>()) return sizeof<T>();
  if (isNullable<T>()) return optionSize(archivedSize<NonNullable<T>>(), archivedAlign<NonNullable<T>>());
  if (isString<T>() || idof<T>() == idof<Utf8String>()) return 8;
  if (isDefined(changetype<T>(0).__archivedBytes)) return archivedBytesSize<T>();
  if (isDefined(changetype<T>(0).__archiveSize)) return changetype<T>(0).__archiveSize();
  if (idof<T>() == idof<ContractId>()) return 32;
  if (idof<T>() == idof<ContractError>()) return CONTRACT_ERROR_SIZE;
  if (idof<T>() == idof<u128>() || idof<T>() == idof<i128>()) return 16;
  if (idof<T>() == idof<u256>()) return 32;
  if (isArray<T>()) return 8;
  if (idof<T>() == idof<Uint8Array>()) return 8;
  if (isDefined(changetype<T>(0).keys) || isDefined(changetype<T>(0).add)) return 8;
  ERROR("rkyv codec: type has no fixed archived size (StaticArray needs an explicit length; classes need the @archive members)");
  return 0;
}

/**
 * The archived (rkyv 0.7) alignment in bytes of a value of type `T`, resolved at compile time like
 * `archivedSize`.
 */
// @ts-ignore: decorator
@inline export function archivedAlign<T>(): u32 {
  if (isBoolean<T>()) return 1;
  if (isInteger<T>() || isFloat<T>()) return sizeof<T>();
  if (isNullable<T>()) return archivedAlign<NonNullable<T>>();
  if (isString<T>() || idof<T>() == idof<Utf8String>()) return 4;
  if (isDefined(changetype<T>(0).__archivedBytes)) return archivedBytesAlign<T>();
  if (isDefined(changetype<T>(0).__archiveAlign)) return changetype<T>(0).__archiveAlign();
  if (idof<T>() == idof<ContractId>()) return 1;
  if (idof<T>() == idof<ContractError>()) return 4;
  if (idof<T>() == idof<u128>() || idof<T>() == idof<i128>()) return 16;
  if (idof<T>() == idof<u256>()) return 1;
  if (isArray<T>()) return 4;
  if (idof<T>() == idof<Uint8Array>()) return 4;
  if (isArrayLike<T>()) return archivedAlign<valueof<T>>();
  if (isDefined(changetype<T>(0).keys) || isDefined(changetype<T>(0).add)) return 4;
  ERROR("rkyv codec: unsupported type");
  return 1;
}

/** Size of the largest niche (invalid bit patterns) — feeds rustc's field ordering. */
// @ts-ignore: decorator
@inline export function archivedNiche<T>(): u32 {
  if (isBoolean<T>()) return 254;
  if (isReference<T>()) {
    if (isNullable<T>()) return 254; // ArchivedOption: a 2-variant u8 tag
    if (isString<T>() || idof<T>() == idof<Utf8String>()) return 0;
    if (isDefined(changetype<T>(0).__archivedBytes)) return 0; // every byte pattern valid (bytes.ts)
    if (isDefined(changetype<T>(0).__archiveNiche)) return changetype<T>(0).__archiveNiche();
    if (idof<T>() == idof<ContractError>()) return CONTRACT_ERROR_NICHE;
    if (isArrayLike<T>()) {
      if (!isArray<T>() && idof<T>() != idof<Uint8Array>()) return archivedNiche<valueof<T>>();
    }
  }
  return 0;
}

/** Offset of that niche inside the archived object. */
// @ts-ignore: decorator
@inline export function archivedNicheOffset<T>(): u32 {
  if (isReference<T>()) {
    if (isNullable<T>() || isString<T>()) return 0;
    if (isDefined(changetype<T>(0).__archivedBytes)) return 0;
    if (isDefined(changetype<T>(0).__archiveNicheOffset)) return changetype<T>(0).__archiveNicheOffset();
  }
  return 0;
}

/** Whether `serializeDeps` can write anything (false lets containers skip a pass). */
// @ts-ignore: decorator
@inline export function hasDeps<T>(): bool {
  if (!isReference<T>()) return false;
  if (isNullable<T>()) return hasDeps<NonNullable<T>>();
  if (isString<T>()) return true;
  if (isDefined(changetype<T>(0).__archivedBytes)) return false;
  if (isDefined(changetype<T>(0).__archiveHasDeps)) return changetype<T>(0).__archiveHasDeps();
  if (idof<T>() == idof<ContractId>()) return false;
  if (idof<T>() == idof<ContractError>()) return true;
  if (idof<T>() == idof<u128>() || idof<T>() == idof<i128>() || idof<T>() == idof<u256>()) return false;
  if (isArray<T>() || idof<T>() == idof<Uint8Array>()) return true;
  if (isArrayLike<T>()) return hasDeps<valueof<T>>();
  return true;
}

/** True for StaticArray<E> ([E; N]): its size depends on the value's length. */
// @ts-ignore: decorator
@inline export function isFixed<T>(): bool {
  if (isReference<T>()) {
    if (!isNullable<T>() && !isString<T>() && !isArray<T>() && isArrayLike<T>()) {
      if (idof<T>() != idof<Uint8Array>()) return true;
    }
  }
  return false;
}

/** Option<T> layout: u8 tag, payload at its own alignment, rounded to that alignment. */
// @ts-ignore: decorator
@inline export function optionSize(size: u32, align: u32): u32 {
  const a = max<u32>(align, 1);
  return alignUp(alignUp(1, a) + size, a);
}

/**
 * A u128/i128 holding the 16 bytes at `p`: a fresh object (every runtime hands it out zeroed, and
 * the copy fills all of it) written by one memory.copy instead of the constructor's two stores.
 */
export function bignum128<T>(p: usize): T {
  const x = __new(offsetof<T>(), idof<T>());
  memory.copy(x, p, 16);
  return changetype<T>(x);
}

/**
 * Writes the out-of-line data of `v` (string bytes, `Vec` elements, boxed values, ...) to `w` and pushes
 * the resolvers its fixed part will need; first step of rkyv's two-step serialization.
 */
export function serializeDeps<T>(w: ArchiveWriter, v: T): void {
  if (!isReference<T>()) return;
  if (isNullable<T>()) {
    if (hasDeps<NonNullable<T>>()) {
      if (changetype<usize>(v) != 0) serializeDeps<NonNullable<T>>(w, changetype<NonNullable<T>>(v));
    }
    return;
  }
  if (isString<T>()) { stringDeps(w, changetype<usize>(v)); return; }
  if (idof<T>() == idof<Utf8String>()) { utf8StringDeps(w, changetype<usize>(v)); return; }
  if (isDefined(changetype<T>(0).__archivedBytes)) return;
  if (isDefined(changetype<T>(0).__archiveSize)) {
    // @ts-ignore: member of the archive contract
    v.__archiveDeps(w);
    return;
  }
  if (idof<T>() == idof<ContractId>()) return;
  if (idof<T>() == idof<ContractError>()) { contractErrorDeps(w, changetype<ContractError>(v)); return; }
  if (idof<T>() == idof<u128>() || idof<T>() == idof<i128>() || idof<T>() == idof<u256>()) return;
  if (isArray<T>()) { vecDeps<valueof<T>>(w, changetype<Array<valueof<T>>>(v)); return; }
  if (idof<T>() == idof<Uint8Array>()) { bytesDeps(w, changetype<Uint8Array>(v)); return; }
  if (isArrayLike<T>()) { fixedDeps<valueof<T>>(w, changetype<StaticArray<valueof<T>>>(v)); return; }
  if (isDefined(changetype<T>(0).keys)) {
    mapDeps<indexof<T>, valueof<T>>(w, changetype<Map<indexof<T>, valueof<T>>>(v));
    return;
  }
  if (isDefined(changetype<T>(0).add)) {
    setDeps<indexof<T>>(w, changetype<Set<indexof<T>>>(v));
    return;
  }
  ERROR("rkyv codec: unsupported type");
}

/**
 * Writes the fixed-size archived form of `v` at offset `at` of `w`'s region, taking the resolvers
 * `serializeDeps` pushed for it; second step of rkyv's two-step serialization.
 */
export function resolveAt<T>(w: ArchiveWriter, at: u32, v: T): void {
  const p = w.base + <usize>at;
  if (isBoolean<T>()) { store<u8>(p, v ? 1 : 0); return; }
  if (isInteger<T>() || isFloat<T>()) { store<T>(p, v); return; }
  if (isNullable<T>()) {
    if (changetype<usize>(v) != 0) {
      store<u8>(p, 1);
      resolveAt<NonNullable<T>>(w, at + max<u32>(archivedAlign<NonNullable<T>>(), 1), changetype<NonNullable<T>>(v));
    }
    return; // None: the zeroed region already reads as tag 0
  }
  if (isString<T>()) { stringResolve(w, at, changetype<usize>(v)); return; }
  if (idof<T>() == idof<Utf8String>()) { utf8StringResolve(w, at, changetype<usize>(v)); return; }
  if (isDefined(changetype<T>(0).__archivedBytes)) {
    // @ts-ignore: field of the classes held as their archived bytes
    archivedBytesWrite(p, v.archived);
    return;
  }
  if (isDefined(changetype<T>(0).__archiveSize)) {
    // @ts-ignore: member of the archive contract
    v.__archiveWrite(w, at);
    return;
  }
  if (idof<T>() == idof<ContractId>()) { contractIdResolve(w, at, changetype<ContractId>(v)); return; }
  if (idof<T>() == idof<ContractError>()) { contractErrorResolve(w, at, changetype<ContractError>(v)); return; }
  if (idof<T>() == idof<u128>() || idof<T>() == idof<i128>()) {
    // as-bignum keeps lo then hi, little-endian, as the archive does: one copy (1 gas) instead of
    // two 32-gas stores.
    memory.copy(p, changetype<usize>(v), 16);
    return;
  }
  if (idof<T>() == idof<u256>()) {
    const x = changetype<u256>(v);
    store<u64>(p, x.lo1);
    store<u64>(p, x.lo2, 8);
    store<u64>(p, x.hi1, 16);
    store<u64>(p, x.hi2, 24);
    return;
  }
  if (isArray<T>()) { vecResolve(w, at, changetype<Array<valueof<T>>>(v).length); return; }
  if (idof<T>() == idof<Uint8Array>()) { vecResolve(w, at, changetype<Uint8Array>(v).length); return; }
  if (isArrayLike<T>()) { fixedResolve<valueof<T>>(w, at, changetype<StaticArray<valueof<T>>>(v)); return; }
  if (isDefined(changetype<T>(0).keys)) {
    mapResolve(w, at, changetype<Map<indexof<T>, valueof<T>>>(v).size);
    return;
  }
  if (isDefined(changetype<T>(0).add)) {
    mapResolve(w, at, changetype<Set<indexof<T>>>(v).size);
    return;
  }
  ERROR("rkyv codec: unsupported type");
}

/**
 * Validates the archived `T` at offset `at` of `r`'s archive (rkyv's `check_archived_root` rules),
 * recording the first error in `r`; returns false when invalid.
 */
export function checkAt<T>(r: ArchiveReader, at: u32): bool {
  if (isBoolean<T>()) {
    const b = load<u8>(r.base + <usize>at);
    return b <= 1 ? true : r.fail(E.ERR_BOOL, at, b);
  }
  if (isInteger<T>() || isFloat<T>()) return true;
  if (isNullable<T>()) {
    const tag = load<u8>(r.base + <usize>at);
    if (tag == 0) return true;
    if (tag != 1) return r.fail(E.ERR_ENUM_TAG, at, tag);
    return checkAt<NonNullable<T>>(r, at + max<u32>(archivedAlign<NonNullable<T>>(), 1));
  }
  if (isString<T>() || idof<T>() == idof<Utf8String>()) return stringCheck(r, at);
  if (isDefined(changetype<T>(0).__archivedBytes)) return true; // every byte pattern valid (bytes.ts)
  if (isDefined(changetype<T>(0).__archiveSize)) {
    // @ts-ignore: member of the archive contract
    return changetype<T>(0).__archiveCheck(r, at);
  }
  if (idof<T>() == idof<ContractId>()) return true;
  if (idof<T>() == idof<ContractError>()) return contractErrorCheck(r, at);
  if (idof<T>() == idof<u128>() || idof<T>() == idof<i128>() || idof<T>() == idof<u256>()) return true;
  if (isArray<T>()) return vecCheck<valueof<T>>(r, at);
  if (idof<T>() == idof<Uint8Array>()) return vecCheck<u8>(r, at);
  if (isDefined(changetype<T>(0).keys)) return mapCheck<indexof<T>, valueof<T>>(r, at);
  if (isDefined(changetype<T>(0).add)) return setCheck<indexof<T>>(r, at);
  ERROR("rkyv codec: cannot check this type here (StaticArray needs fixedCheckAt with a length)");
  return false;
}

/**
 * Decodes the archived `T` at offset `at` of `r`'s archive into a new AssemblyScript value; the archive
 * must already be validated.
 */
export function readAt<T>(r: ArchiveReader, at: u32): T {
  const p = r.base + <usize>at;
  if (isBoolean<T>()) return <T>(load<u8>(p) != 0);
  if (isInteger<T>() || isFloat<T>()) return load<T>(p);
  if (isNullable<T>()) {
    if (load<u8>(p) == 0) return changetype<T>(0);
    return changetype<T>(readAt<NonNullable<T>>(r, at + max<u32>(archivedAlign<NonNullable<T>>(), 1)));
  }
  if (isString<T>()) return changetype<T>(stringRead(r, at));
  if (idof<T>() == idof<Utf8String>()) return changetype<T>(utf8StringRead(r, at));
  if (isDefined(changetype<T>(0).__archivedBytes)) return archivedBytesRead<T>(r, at);
  if (isDefined(changetype<T>(0).__archiveSize)) {
    // @ts-ignore: member of the archive contract
    return changetype<T>(0).__archiveRead(r, at);
  }
  if (idof<T>() == idof<ContractId>()) return changetype<T>(contractIdRead(r, at));
  if (idof<T>() == idof<ContractError>()) return changetype<T>(contractErrorRead(r, at));
  if (idof<T>() == idof<u128>() || idof<T>() == idof<i128>()) return bignum128<T>(p);
  if (idof<T>() == idof<u256>()) {
    return changetype<T>(new u256(load<u64>(p), load<u64>(p, 8), load<u64>(p, 16), load<u64>(p, 24)));
  }
  if (isArray<T>()) return changetype<T>(vecRead<valueof<T>>(r, at));
  if (idof<T>() == idof<Uint8Array>()) return changetype<T>(bytesRead(r, at));
  if (isDefined(changetype<T>(0).keys)) return changetype<T>(mapRead<indexof<T>, valueof<T>>(r, at));
  if (isDefined(changetype<T>(0).add)) return changetype<T>(setRead<indexof<T>>(r, at));
  ERROR("rkyv codec: cannot read this type here (StaticArray needs fixedReadAt with a length)");
  return changetype<T>(0);
}
