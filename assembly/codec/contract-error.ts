// piecrust-uplink's ContractError as an rkyv value (e.g. inside
// Result<T, ContractError>): enum { Panic(String) = 0, OutOfGas = 1,
// DoesNotExist = 2, Unknown = 3 } -> u8 tag at 0, the Panic string at 4;
// 12 bytes, align 4, niche 252 at offset 0. The class is the SDK's
// ContractError (../error.ts), whose `code` holds the host wire codes
// (-1, -2, -3, i32.MIN_VALUE); this file maps them to variant indices.

import { ContractError, ContractErrorCode } from "../error";
import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { stringDeps, stringResolve, stringCheck, stringRead } from "./string";
import * as E from "./errors";

export { ContractError, ContractErrorCode };

export const CONTRACT_ERROR_SIZE: u32 = 12;
export const CONTRACT_ERROR_ALIGN: u32 = 4;
export const CONTRACT_ERROR_NICHE: u32 = 256 - 4;

/** Variant index of an SDK error code. */
export function contractErrorTag(code: i32): u8 {
  if (code == ContractErrorCode.Panic) return 0;
  if (code == ContractErrorCode.OutOfGas) return 1;
  if (code == ContractErrorCode.DoesNotExist) return 2;
  return 3;
}

const CODES: StaticArray<i32> = [
  ContractErrorCode.Panic, ContractErrorCode.OutOfGas, ContractErrorCode.DoesNotExist, ContractErrorCode.Unknown,
];

export function contractErrorDeps(w: ArchiveWriter, e: ContractError): void {
  if (e.code == ContractErrorCode.Panic) stringDeps(w, changetype<usize>(e.message));
}

export function contractErrorResolve(w: ArchiveWriter, at: u32, e: ContractError): void {
  const tag = contractErrorTag(e.code);
  store<u8>(w.base + <usize>at, tag);
  if (tag == 0) stringResolve(w, at + 4, changetype<usize>(e.message));
}

export function contractErrorCheck(r: ArchiveReader, at: u32): bool {
  const tag = load<u8>(r.base + <usize>at);
  if (tag > 3) return r.fail(E.ERR_ENUM_TAG, at, tag);
  if (tag == 0) return stringCheck(r, at + 4);
  return true;
}

export function contractErrorRead(r: ArchiveReader, at: u32): ContractError {
  const tag = load<u8>(r.base + <usize>at);
  if (tag == 0) return new ContractError(ContractErrorCode.Panic, stringRead(r, at + 4));
  return new ContractError(unchecked(CODES[tag]));
}
