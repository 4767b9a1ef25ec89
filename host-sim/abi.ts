// Mirrors piecrust/src/imports/wasm32.rs and wasm64.rs (the host functions' signatures) and
// piecrust-uplink's ARGBUF_LEN: the contract ABI both the deploy rules and the host use.
import { ValType, type FuncType } from "./wasm/module.js";

/**
 * Size in bytes of a contract's argument buffer (64 KiB), through which arguments, results and host data
 * pass.
 */
export const ARGBUF_LEN = 65536;

const I32 = ValType.I32;
const I64 = ValType.I64;
const t = (params: number[], results: number[]): FuncType => ({ params, results });

/** Piecrust's import allow-list with the wasm32 signatures (`hdebug` needs the debug feature). */
export const HOST_IMPORTS: Record<string, FuncType> = {
  c: t([I32, I32, I32, I32, I64], [I32]),
  hq: t([I32, I32, I32], [I32]),
  hd: t([I32, I32], [I32]),
  emit: t([I32, I32, I32], []),
  feed: t([I32], []),
  caller: t([], [I32]),
  callstack: t([], [I32]),
  limit: t([], [I64]),
  spent: t([], [I64]),
  panic: t([I32], []),
  owner: t([I32], [I32]),
  self_id: t([], []),
  hdebug: t([I32], []),
};

/** The imports whose wasm64 signature differs: pointers become i64. */
export const WASM64_IMPORTS: Record<string, FuncType> = {
  c: t([I64, I64, I32, I32, I64], [I32]),
  hq: t([I64, I32, I32], [I32]),
  hd: t([I64, I32], [I32]),
  emit: t([I64, I32, I32], []),
  owner: t([I64], [I32]),
};
