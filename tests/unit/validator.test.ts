// Piecrust's deploy rules exist once (host-sim/validate.ts): host-sim's deploy and the build's ABI
// check (transform/abi-check.ts) reach the same verdict on every module of the deploy table.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex, VMError } from "../../host-sim/index.js";
import { checkAbi } from "../../transform/abi-check.js";
import { INVALID, NON_LITERAL_A, VALID } from "../helpers/deploy-cases.js";
import { freshSession, idOf, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";

const BAD_BYTES = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]);

/** host-sim's deploy verdict: null when it deploys, else the error's code and message. */
async function deployVerdict(bytes: Uint8Array): Promise<{ code: string; message: string } | null> {
  const { session } = await freshSession();
  const root = toHex(session.root());
  try {
    session.deploy(bytes, { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
    return null;
  } catch (e) {
    assert.ok(e instanceof VMError, `deploy threw ${String(e)}`);
    assert.equal(toHex(session.root()), root);
    return { code: e.code, message: e.message };
  }
}

function buildVerdict(bytes: Uint8Array): { code: string; message: string } | null {
  const r = checkAbi(bytes);
  assert.equal(r.ok, r.errors.length === 0);
  assert.equal(r.problems.length, r.errors.length);
  return r.errors[0] ?? null;
}

for (const [name, src, code] of INVALID) {
  test(`both entry points reject "${name}" with ${code}`, async () => {
    const bytes = src === "" ? BAD_BYTES : await wat(src);
    const built = buildVerdict(bytes);
    assert.equal(built?.code, code, `build check: ${checkAbi(bytes).problems.join("; ")}`);
    assert.deepEqual(await deployVerdict(bytes), built);
  });
}

for (const [name, src] of VALID) {
  test(`both entry points accept "${name}"`, async () => {
    const bytes = await wat(src);
    assert.equal(buildVerdict(bytes), null, checkAbi(bytes).problems.join("; "));
    assert.equal(await deployVerdict(bytes), null);
  });
}

test("a non-literal A: accepted by both where the engine has extended-const, else the same compile error", async () => {
  const bytes = await wat(NON_LITERAL_A);
  const built = buildVerdict(bytes);
  assert.deepEqual(await deployVerdict(bytes), built);
  if (WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) {
    assert.equal(built, null);
    assert.equal(checkAbi(bytes).info.argbuf, 11 + 11 * 256);
  } else {
    assert.equal(built?.code, "RuntimeError");
    assert.match(built!.message, /^failed to compile contract: .*constant expression/);
  }
});

test("the build check lists every problem, in Piecrust's order, each in words that say how to fix it", async () => {
  const bytes = await wat(`(module (import "env" "abort" (func (param i32 i32 i32 i32))) (import "env" "panic" (func (param i64)))
    (memory (export "memory") 1) (func (export "g") (param i64) (result i32) (i32.const 0)) (func $s) (start $s))`);
  const r = checkAbi(bytes);
  assert.deepEqual(r.errors.map((e) => e.code), ["InvalidFunction", "InvalidFunction", "RuntimeError", "RuntimeError", "InvalidArgumentBuffer"]);
  assert.match(r.problems[0], /export g has type \(i64\) -> \(i32\); every exported function must be \(i32\) -> \(i32\)/);
  assert.match(r.problems[1], /import env\.abort is not allowed by Piecrust: AssemblyScript's default abort/);
  assert.match(r.problems[2], /import env\.panic has type \(i64\) -> \(\), Piecrust's is \(i32\) -> \(\)/);
  assert.match(r.problems[3], /start section/);
  assert.match(r.problems[4], /no export named 'A'/);
  assert.equal((await deployVerdict(bytes))?.message, "Invalid function: g");
});
