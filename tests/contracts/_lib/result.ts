// rkyv's archived `Result<T, ContractError>`, which the SDK codec has no type for yet:
// an enum with a u8 tag (0 = Ok, 1 = Err), each payload at its own alignment after the tag,
// size = largest variant rounded to the largest alignment (piecrust-vm.md §12.1, §12.2).

import { ArchiveWriter } from "../../../assembly/codec/writer";
import { ArchiveReader } from "../../../assembly/codec/reader";
import { alignUp } from "../../../assembly/codec/layout";
import { archivedSize, archivedAlign, serializeDeps, resolveAt, checkAt, readAt, hasDeps } from "../../../assembly/codec/dispatch";
import {
  ContractError, CONTRACT_ERROR_SIZE, contractErrorDeps, contractErrorResolve, contractErrorCheck, contractErrorRead,
} from "../../../assembly/codec/contract-error";

export class Res<T> {
  constructor(public ok: bool, public value: T, public error: ContractError | null) {}

  static ok<T>(value: T): Res<T> {
    return new Res<T>(true, value, null);
  }

  static err<T>(e: ContractError): Res<T> {
    if (isReference<T>()) return new Res<T>(false, changetype<T>(0), e);
    // @ts-ignore: numeric zero for value types
    return new Res<T>(false, <T>0, e);
  }

  @inline static okOffset<T>(): u32 {
    return alignUp(1, archivedAlign<T>());
  }

  @inline __archiveAlign(): u32 {
    return max<u32>(archivedAlign<T>(), 4);
  }
  @inline __archiveSize(): u32 {
    const a = max<u32>(archivedAlign<T>(), 4);
    return alignUp(max<u32>(Res.okOffset<T>() + archivedSize<T>(), 4 + CONTRACT_ERROR_SIZE), a);
  }
  @inline __archiveNiche(): u32 { return 254; }
  @inline __archiveNicheOffset(): u32 { return 0; }
  @inline __archiveHasDeps(): bool { return true; }

  __archiveDeps(w: ArchiveWriter): void {
    // Out-of-line data first (as Option does: the payload's own resolvers, nothing of ours).
    if (this.ok) {
      if (hasDeps<T>()) serializeDeps<T>(w, this.value);
    } else {
      contractErrorDeps(w, this.error!);
    }
  }

  __archiveWrite(w: ArchiveWriter, at: u32): void {
    store<u8>(w.base + <usize>at, this.ok ? 0 : 1);
    if (this.ok) resolveAt<T>(w, at + Res.okOffset<T>(), this.value);
    else contractErrorResolve(w, at + 4, this.error!);
  }

  __archiveCheck(r: ArchiveReader, at: u32): bool {
    const tag = load<u8>(r.base + <usize>at);
    if (tag == 0) return checkAt<T>(r, at + Res.okOffset<T>());
    if (tag == 1) return contractErrorCheck(r, at + 4);
    return false;
  }

  __archiveRead(r: ArchiveReader, at: u32): Res<T> {
    const tag = load<u8>(r.base + <usize>at);
    if (tag == 0) return Res.ok<T>(readAt<T>(r, at + Res.okOffset<T>()));
    return Res.err<T>(contractErrorRead(r, at + 4));
  }
}
