// Dusk's contract ids (dusk-core gen_contract_id): BLAKE2b with a 32-byte digest over
// bytecode || nonce (u64 LE) || owner. The expected digests were computed outside this project with
// Python's hashlib (`hashlib.blake2b(data, digest_size=32).hexdigest()`), so they check the
// parameter block and the byte order independently of @noble/hashes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { blake2b } from "@noble/hashes/blake2.js";
import { duskContractId, toHex } from "../../host-sim/index.js";
import { freshSession, module } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";

const hex = (b: Uint8Array) => toHex(b);

test("BLAKE2b-256 is a 32-byte parameter block, not a cut-down BLAKE2b-512", () => {
  const abc = new TextEncoder().encode("abc");
  // BLAKE2b-256("abc"), as hashlib.blake2b(b"abc", digest_size=32) gives it.
  assert.equal(hex(blake2b(abc, { dkLen: 32 })), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  // RFC 7693 Appendix A: BLAKE2b-512("abc") starts BA 80 A5 3F; its first 32 bytes are another value.
  assert.equal(hex(blake2b(abc)).slice(0, 8), "ba80a53f");
  assert.notEqual(hex(blake2b(abc)).slice(0, 64), hex(blake2b(abc, { dkLen: 32 })));
});

const BYTECODE = Uint8Array.from({ length: 200 }, (_, i) => i);

test("duskContractId matches hashlib for a 96-byte owner and nonce 7", () => {
  // hashlib.blake2b(bytes(range(200)) + (7).to_bytes(8, "little") + b"\xab" * 96, digest_size=32)
  assert.equal(hex(duskContractId(BYTECODE, 7n, new Uint8Array(96).fill(0xab))), "ee7c16fadfca973c0f7041cdd8442f46b840d504b13072d75edcba6895b3d8d3");
});

test("duskContractId matches hashlib for a 32-byte owner and the largest nonce", () => {
  // hashlib.blake2b(bytes(range(200)) + (2**64 - 1).to_bytes(8, "little") + bytes(range(32)), digest_size=32)
  const owner = Uint8Array.from({ length: 32 }, (_, i) => i);
  assert.equal(hex(duskContractId(BYTECODE, (1n << 64n) - 1n, owner)), "cd5002b97c965e03fcd8e2a890c2744a58fca428dbb10a79c6ed5159618cb738");
});

test("a nonce outside u64 is refused with a RangeError naming it", () => {
  assert.throws(() => duskContractId(BYTECODE, 1n << 64n, new Uint8Array(96)), /nonce must be a u64/);
  assert.throws(() => duskContractId(BYTECODE, -1n, new Uint8Array(96)), /nonce must be a u64/);
});

test("host-sim deploys under Dusk's id with duskNonce; another nonce is another contract; an id and a nonce together are refused", async () => {
  const { session } = await freshSession();
  const wasm = await wat(module(`(func (export "f") (param i32) (result i32) (i32.const 0))`));
  const owner = new Uint8Array(96).fill(5);
  const a = session.deploy(wasm, { owner, duskNonce: 0n }, 1_000_000n);
  assert.equal(hex(a.contractId), hex(blake2b(new Uint8Array([...wasm, 0, 0, 0, 0, 0, 0, 0, 0, ...owner]), { dkLen: 32 })));
  const b = session.deploy(wasm, { owner, duskNonce: 1n }, 1_000_000n);
  assert.notEqual(hex(b.contractId), hex(a.contractId));
  assert.deepEqual(session.contractMetadata(a.contractId)?.owner, owner);
  assert.throws(() => session.deploy(wasm, { owner, duskNonce: 2n, contractId: new Uint8Array(32) }, 1_000_000n), /either contractId or duskNonce/);
});
