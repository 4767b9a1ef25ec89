// The CLI's --vm dusk: deploy and query on Dusk's VM, with the chain metadata from the flags.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { contract } from "../ports/support/contracts.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { run, withDir } from "../cli/support.js";
import { ser } from "../ports/support/piecrust.js";
import { unreducedBlsKey } from "./dusk-host.js";
import { vectorJson } from "../helpers/paths.js";
import * as dusk from "../../host-sim/dusk/index.js";

test("cli: --vm dusk gives the Dusk queries and block height; other flags need it", async () => {
  await contract("dusk_host");
  withDir((dir) => {
    copyFileSync(join(REPO_ROOT, "build", "test-contracts", "dusk_host.wasm"), join(dir, "dusk_host.wasm"));
    const d = run(dir, "deploy", "dusk_host.wasm", "--vm", "dusk", "--owner", "11".repeat(96));
    assert.equal(d.code, 0, d.err);
    const q = run(dir, "query", "dusk_host", "block_height", "--raw", "", "--vm", "dusk", "--block-height", "42", "--chain-id", "3");
    assert.equal(q.code, 0, q.err);
    assert.match(q.out, /result\s+0x2a00000000000000/);
    // sha256 of an empty Vec<u8> (archive: 8 zero bytes), FIPS 180-2's e3b0c442…
    const s = run(dir, "query", "dusk_host", "sha256", "--raw", "0000000000000000", "--vm", "dusk");
    assert.equal(s.code, 0, s.err);
    assert.match(s.out, /e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/);
    const bare = run(dir, "query", "dusk_host", "sha256", "--raw", "0000000000000000");
    assert.equal(bare.code, 1);
    assert.match(bare.err, /MissingHostQuery|Missing host query: sha256/);
    const { pk, sig } = unreducedBlsKey();
    const bls = run(dir, "query", "dusk_host", "verify_bls", "--raw", Buffer.from(ser("(Vec<u8>, Vec<u8>, Vec<u8>)", [new Uint8Array(2), pk, sig])).toString("hex"), "--vm", "dusk");
    assert.equal(bls.code, 1);
    assert.match(bls.err, /verify_bls/);
    assert.match(bls.err, /cannot compute the Dusk host query verify_bls exactly for this argument/);
    for (const [args, re] of [
      [["--block-height", "3"], /--block-height needs --vm dusk/],
      [["--vm", "eth"], /--vm takes piecrust or dusk/],
      [["--vm", "dusk", "--chain-id", "256"], /--chain-id takes an integer from 0 to 255/],
      [["--vm", "dusk", "--hard-fork", "Zeus"], /--hard-fork takes PreFork, Aegis, Boreas/],
      [["--vm", "dusk", "--plonk-version", "V4"], /--plonk-version takes V1, V2, V3/],
      [["--plonk-version", "V1"], /--plonk-version needs --vm dusk/],
    ] as [string[], RegExp][]) {
      const r = run(dir, "query", "dusk_host", "block_height", "--raw", "", ...args);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, re);
    }
  });
});

test("cli: --plonk-version picks the verifier verify_plonk uses (a V1 proof of rusk's test circuit verifies only under V1)", async () => {
  await contract("dusk_host");
  const V = vectorJson<{ fixtures: { name: string; proved_with: string; vd: string; proof: string; public_inputs: string[] }[] }>("plonk-dusk.json");
  const f = V.fixtures.find((x) => x.name.startsWith("rusk vm test circuit") && x.proved_with === "V1")!;
  const unhex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
  const le = (h: string) => unhex(h).reduceRight((n, b) => (n << 8n) | BigInt(b), 0n);
  const arg = ser("(Vec<u8>, Vec<u8>, Vec<Vec<u8>>)", [unhex(f.vd), unhex(f.proof), f.public_inputs.map((p) => dusk.scalarToArchived(le(p)))]);
  const hexArg = Buffer.from(arg).toString("hex");
  withDir((dir) => {
    copyFileSync(join(REPO_ROOT, "build", "test-contracts", "dusk_host.wasm"), join(dir, "dusk_host.wasm"));
    assert.equal(run(dir, "deploy", "dusk_host.wasm", "--vm", "dusk", "--owner", "11".repeat(96)).code, 0);
    const v1 = run(dir, "query", "dusk_host", "verify_plonk", "--raw", hexArg, "--vm", "dusk", "--plonk-version", "V1");
    assert.equal(v1.code, 0, v1.err);
    assert.match(v1.out, /result\s+0x01\b/);
    const byFork = run(dir, "query", "dusk_host", "verify_plonk", "--raw", hexArg, "--vm", "dusk");
    assert.equal(byFork.code, 0, byFork.err);
    assert.match(byFork.out, /result\s+0x00\b/);
  });
});
