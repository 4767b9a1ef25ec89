class __pcas_enum_Kind {
  tag: u8;
  constructor(tag: u8) { this.tag = tag; }
  // ---- rkyv archive members (generated) ----
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 1; }
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 1; }
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 254; }
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return false; }
  __archiveDeps(w: __rkyv.ArchiveWriter): void {
    switch (<u32>this.tag) {
      case 0: {
        break;
      }
      case 1: {
        break;
      }
    }
  }
  __archiveWrite(w: __rkyv.ArchiveWriter, at: u32): void {
    if (<u32>this.tag >= 2) abort("rkyv writer: __pcas_enum_Kind.tag is not a valid variant index");
    store<u8>(w.base + <usize>at, <u8>this.tag);
    switch (<u32>this.tag) {
      case 0: {
        break;
      }
      case 1: {
        break;
      }
    }
  }
  __archiveCheck(r: __rkyv.ArchiveReader, at: u32): bool {
    const t = <u32>load<u8>(r.base + <usize>at);
    switch (t) {
      case 0: {
        return true;
      }
      case 1: {
        return true;
      }
    }
    return r.fail(__rkyv.ERR_ENUM_TAG, at, t);
  }
  __archiveRead(r: __rkyv.ArchiveReader, at: u32): __pcas_enum_Kind {
    // A blank object: only the active variant's fields are assigned.
    const o = changetype<__pcas_enum_Kind>(__new(offsetof<__pcas_enum_Kind>(), idof<__pcas_enum_Kind>()));
    const t = <u32>load<u8>(r.base + <usize>at);
    o.tag = <u8>t;
    switch (t) {
      case 0: {
        break;
      }
      case 1: {
        break;
      }
    }
    return o;
  }
}
let __pcas_self: Ledger = changetype<Ledger>(0);
export function init(arg_len: i32): i32 {
  const a = __pcas_arg<ContractId>(arg_len);
  __pcas_self = new Ledger(a);
  return 0;
}
export function balance(arg_len: i32): i32 {
  const a = __pcas_arg<string>(arg_len);
  const r = __pcas_self.balance(a);
  return __pcas_ret<u128>(r);
}
export function transfer(arg_len: i32): i32 {
  const a = __pcas_arg<__rkyv.Tuple3<string, string, u128>>(arg_len);
  const r = __pcas_self.transfer(a._0, a._1, a._2);
  return __pcas_ret<bool>(r);
}
export function kind_of(arg_len: i32): i32 {
  const a = __pcas_arg<__pcas_enum_Kind>(arg_len);
  const r = __pcas_self.kind_of(<Kind>a.tag);
  return __pcas_ret<__pcas_enum_Kind>(new __pcas_enum_Kind(<u8>r));
}
export function last(arg_len: i32): i32 {
  const a = __pcas_arg<Option<u32>>(arg_len);
  const r = __pcas_self.last(a);
  return __pcas_ret<Array<Transfer>>(r);
}
