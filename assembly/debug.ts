// `debug(msg)`: text for Piecrust's `hdebug`, which exists only in debug-enabled Piecrust.
// A release wasm must not import `hdebug` at all (deploy would fail with InvalidFunction), so the
// call is guarded by the compile-time constant PCAS_DEBUG. The piecrust-as transform defines it
// (as 1) for debug builds (asc --debug, or --use PCAS_DEBUG=1); otherwise it is undefined, the
// branch is never compiled, and the import is never emitted.

import { hdebug } from "./env";
import { A, ARGBUF_LEN } from "./argbuf";

/** Whether this build has debug output. */
// @ts-ignore: PCAS_DEBUG is a compile-time constant that exists only in debug builds
export const DEBUG: bool = isDefined(PCAS_DEBUG);

/** Sends `msg` to the host's debug output (debug builds only; a no-op that costs nothing in release). */
export function debug(msg: string): void {
  // @ts-ignore: see above
  if (isDefined(PCAS_DEBUG)) {
    let units = msg.length;
    if (units * 3 > ARGBUF_LEN) units = ARGBUF_LEN / 3;
    const len = String.UTF8.encodeUnsafe(changetype<usize>(msg), units, A);
    hdebug(<u32>len);
  }
}
