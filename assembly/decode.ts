// Validating decode of an archive the host left in the argbuf (a callee's result, a host query's
// answer, session metadata). Split in two steps so callers choose what a bad archive means:
// uplink turns it into a ContractError for `call`, a panic for `host_query`, `None` for `meta_data`.

import { A } from "./argbuf";
import { sharedReader } from "./codec/reader";
import { archivedSize, readAt } from "./codec/dispatch";
import { checkRoot } from "./codec/api";

/** null when A[0..len] is a valid archive of T, else the validation error. Never panics. */
export function validateArgbuf<T>(len: u32): string | null {
  const r = sharedReader(A, len);
  if (checkRoot<T>(r)) return null;
  return r.errorMessage();
}

/** Decodes A[0..len] as T, copying everything out of the argbuf (call validateArgbuf first). */
export function decodeArgbuf<T>(len: u32): T {
  return readAt<T>(sharedReader(A, len), len - archivedSize<T>());
}
