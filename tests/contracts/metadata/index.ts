// Piecrust's contracts/metadata: reads its own owner and id, and the owner of other contracts,
// as fixed-size arrays. uplink's owner::<N> / self_owner::<N> panic when the host's owner length
// is not N; the "_wrong_n" entry points ask for 32 bytes of a 33-byte owner to trigger that.
import { selfId, panicStr, ContractId } from "../../../assembly";
import * as env from "../../../assembly/env";
import { A, arg, ret } from "../_lib/io";

function lengthMismatch(prefix: string, n: i32, got: i32): void {
  panicStr(prefix + ": N (" + n.toString() + ") does not match host owner length (" + got.toString() + ")");
}

/** self_owner::<N>(): the owner bytes stay at A[0..N], which is also where the result goes. */
function selfOwner(n: i32): u32 {
  const got = env.owner(0);
  if (got != n) lengthMismatch("self_owner", n, got);
  return <u32>n;
}

/** owner::<N>(id) as Option<[u8; N]>: tag byte, then the N bytes (alignment 1). */
function ownerOf(id: ContractId, n: i32): u32 {
  const got = env.owner(id.ptr);
  if (got == 0) {
    store<u8>(A, 0);
    memory.fill(A + 1, 0, <usize>n);
    return <u32>n + 1;
  }
  if (got != n) lengthMismatch("owner", n, got);
  memory.copy(A + 1, A, <usize>n);
  store<u8>(A, 1);
  return <u32>n + 1;
}

export function read_owner(len: u32): u32 {
  return selfOwner(33);
}

export function read_id(len: u32): u32 {
  return ret<ContractId>(selfId());
}

export function read_owner_of(len: u32): u32 {
  return ownerOf(arg<ContractId>(len), 33);
}

export function read_owner_wrong_n(len: u32): u32 {
  return selfOwner(32);
}

export function read_owner_of_wrong_n(len: u32): u32 {
  return ownerOf(arg<ContractId>(len), 32);
}
