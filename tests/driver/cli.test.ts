// The dusk-id, encode and decode commands as a user runs them, and deploy --dusk-nonce.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { blake2b } from "@noble/hashes/blake2.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { assertUserError, COUNTER, run, TOKEN, withDir } from "../cli/support.js";

const BUILD = join(REPO_ROOT, "build");
const OWNER96 = "ab".repeat(96);

/** Dusk's id worked out here from its definition, not through host-sim's helper. */
function expectedId(wasm: string, nonce: number, ownerHex: string): string {
  const nonceLe = Buffer.alloc(8);
  nonceLe.writeBigUInt64LE(BigInt(nonce));
  return Buffer.from(blake2b(Buffer.concat([readFileSync(wasm), nonceLe, Buffer.from(ownerHex, "hex")]), { dkLen: 32 })).toString("hex");
}

test("dusk-id prints BLAKE2b-256(bytecode, nonce LE, owner); deploy --dusk-nonce deploys under it", () => {
  withDir((dir) => {
    const id = run(dir, "dusk-id", COUNTER, "--owner", OWNER96, "--nonce", "3");
    assert.equal(id.code, 0, id.err);
    assert.equal(id.out.trim(), expectedId(COUNTER, 3, OWNER96));
    const dep = run(dir, "deploy", COUNTER, "--owner", OWNER96, "--dusk-nonce", "3");
    assert.equal(dep.code, 0, dep.err);
    assert.match(dep.out, new RegExp(`deployed  counter ${id.out.trim()}`));
    const again = run(dir, "deploy", COUNTER, "--owner", OWNER96, "--dusk-nonce", "4", "--name", "counter2");
    assert.match(again.out, new RegExp(`deployed  counter2 ${expectedId(COUNTER, 4, OWNER96)}`));
    assertUserError(run(dir, "deploy", COUNTER, "--owner", OWNER96, "--dusk-nonce", "4", "--name", "counter3"), 1, /already deployed by this owner with nonce 4; use another --dusk-nonce/);
  });
});

test("dusk-id and deploy refuse a missing owner or nonce, a nonce outside u64, and --id with --dusk-nonce", () => {
  withDir((dir) => {
    assertUserError(run(dir, "dusk-id", COUNTER, "--nonce", "1"), 2, /--owner HEX is required/);
    assertUserError(run(dir, "dusk-id", COUNTER, "--owner", OWNER96), 2, /--nonce N is required/);
    assertUserError(run(dir, "dusk-id", COUNTER, "--owner", OWNER96, "--nonce", "18446744073709551616"), 2, /--nonce must fit in a u64/);
    assertUserError(run(dir, "dusk-id", COUNTER, "--owner", "xyz", "--nonce", "1"), 2, /--owner is not valid hex/);
    assertUserError(run(dir, "deploy", COUNTER, "--dusk-nonce", "1", "--id", "00".repeat(32)), 2, /either --id or --dusk-nonce/);
  });
});

test("encode prints the rkyv hex of a built contract's argument; decode gives the JSON back", () => {
  withDir((dir) => {
    const to = "11".repeat(32);
    const enc = run(dir, "encode", "token", "transfer", `["${to}", "1000"]`, "--build", BUILD);
    assert.equal(enc.code, 0, enc.err);
    // (ContractId, u128): rustc orders fields by effective alignment, which for the 32-byte id
    // counts its size's power of two (32 > 16), so the id comes first, then 1000 as u128 LE.
    assert.equal(enc.out.trim(), to + "e8030000000000000000000000000000");
    const dec = run(dir, "decode", "token", "transfer", enc.out.trim(), "--input", "--build", BUILD);
    assert.equal(dec.code, 0, dec.err);
    assert.deepEqual(JSON.parse(dec.out), [to, "1000"]);
    const none = run(dir, "encode", "counter", "read_value", "null", "--build", BUILD);
    assert.equal(none.out.trim(), "");
    const out = run(dir, "decode", "counter", "read_value", "3930000000000000", "--build", BUILD);
    assert.equal(out.out.trim(), '"12345"');
  });
});

test("decode reads an event by topic, and encode/decode work on a deployed contract by name", () => {
  withDir((dir) => {
    assert.equal(run(dir, "deploy", TOKEN, "--init", '"5"').code, 0);
    const ev = run(dir, "decode", "token", "approval", "--store", join(dir, ".piecrust"), "--event", "--", "00".repeat(80));
    assert.equal(ev.code, 0, ev.err);
    assert.ok(typeof JSON.parse(ev.out) === "object");
    const enc = run(dir, "encode", "token", "balance_of", `"${"22".repeat(32)}"`);
    assert.equal(enc.code, 0, enc.err);
    assert.equal(enc.out.trim(), "22".repeat(32));
  });
});

test("encode and decode name what is wrong", () => {
  withDir((dir) => {
    assertUserError(run(dir, "encode", "token", "no_such", "null", "--build", BUILD), 1, /has no function 'no_such'/);
    assertUserError(run(dir, "encode", "token", "transfer", '{"to":1}', "--build", BUILD), 1, /argument of transfer does not match its type \(ContractId, u128\)/);
    assertUserError(run(dir, "encode", "token", "transfer", "{", "--build", BUILD), 2, /the argument is not valid JSON/);
    assertUserError(run(dir, "decode", "token", "name", "ff", "--build", BUILD), 1, /not a valid String \(output of name\)/);
    assertUserError(run(dir, "decode", "token", "nosuch", "00", "--build", BUILD), 1, /no function or event 'nosuch'/);
    assertUserError(run(dir, "encode", "nowhere", "f", "null", "--build", BUILD), 1, /no built contract 'nowhere'/);
  });
});
