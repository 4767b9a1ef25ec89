// Inputs the fuzzers once found failing, kept as bytes (a seed replays only while the corpus is
// unchanged, so the bytes are what is stored). Each must now be rejected with the given VMError.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VM, VMError } from "../../host-sim/index.js";

const CASES: Array<{ found: string; what: string; hex: string; code: string }> = [
  {
    found: "modules suite, seed 42 iteration 169 (corpus of 2026-11-24): shape1 with one byte flipped",
    what: "a call (0x10) flipped into return_call (0x12): V8 compiles it, Piecrust's engine has no tail calls; the rewrite's decoder error escaped deploy as a non-VMError",
    hex: "0061736d0100000001310960057f7f7f7f7e017f60037f7f7f017f60027f7f017f60037f7f7f0060017f006000017f6000017e60017f017f600000028c010c03656e760163000003656e76026871000103656e76026864000203656e7604656d6974000303656e790466656564000403656e760663616c6c6572000503656e760963616c6c737461636b000503656e76056c696d6974000603656e76057370656e74000603656e760570616e6963000403656e76056f776e6572000703656e760773656c665f69640008030302070705030100030606017f0041000b071b04066d656d6f72790200014103000166000c0663616c6c6572000d0a54022e02017e017c4180800429030021012001b99f2102410020023903000340200041016a220041e400490d000b41080b23004100120536020010061a100b4100100a1a410810073703004110100837030041180b0b130100418080040b0b68656c6c6f20776f726c64",
    code: "RuntimeError",
  },
];

for (const c of CASES) {
  test(`fuzz regression: ${c.what}`, async () => {
    const vm = await VM.ephemeral();
    const session = await vm.session();
    assert.throws(
      () => session.deploy(Buffer.from(c.hex, "hex"), { owner: new Uint8Array(1) }, 1_000_000n),
      (e) => e instanceof VMError && e.code === c.code,
      c.found,
    );
  });
}
