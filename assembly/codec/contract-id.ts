// ContractId: `#[archive(as = "Self")] #[repr(C)] ContractId([u8; 32])` is
// archived as its 32 raw bytes, align 1, no niche (rkyv-format §8). The class
// itself lives in ../types.ts (the SDK's single ContractId); this file only
// holds its codec, which the dispatcher selects by class id.

import { ContractId, CONTRACT_ID_BYTES } from "../types";
import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";

export { ContractId, CONTRACT_ID_BYTES };

export const CONTRACT_ID_SIZE: u32 = 32;

export function contractIdResolve(w: ArchiveWriter, at: u32, id: ContractId): void {
  memory.copy(w.base + <usize>at, changetype<usize>(id.bytes), CONTRACT_ID_SIZE);
}

export function contractIdRead(r: ArchiveReader, at: u32): ContractId {
  return ContractId.fromPtr(r.base + <usize>at);
}
