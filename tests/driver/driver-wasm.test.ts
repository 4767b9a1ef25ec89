// Every example's data driver (build/<name>.driver.wasm) through a loader written from rusk's
// interface description (loader.ts): its bytes for fast-check generated values of every input,
// output and event equal host-sim's TypeScript codec, it decodes them to the serde JSON that
// host-sim's codec writes, and bad input is answered with the right code and a message naming the
// function and the field, never a trap.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { codec } from "../../host-sim/index.js";
import type { RType, TypeDefs } from "../../host-sim/codec/index.js";
import { contractName, findExampleEntries } from "../../cli/build.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { arbitraryFor } from "../helpers/arbitrary.js";
import { Code, Driver, json } from "./loader.js";

const BUILD = join(REPO_ROOT, "build");
const RUNS = 20;

interface Schema {
  name: string;
  functions: { name: string; doc: string; input: string; output: string }[];
  events: { topic: string; data: string }[];
  types: string[];
}

const EXAMPLES = findExampleEntries(REPO_ROOT).map(contractName).filter((n) => existsSync(join(BUILD, `${n}.schema.json`)));

function load(name: string): { schema: Schema; wasm: Uint8Array } {
  return {
    schema: JSON.parse(readFileSync(join(BUILD, `${name}.schema.json`), "utf8")) as Schema,
    wasm: new Uint8Array(readFileSync(join(BUILD, `${name}.driver.wasm`))),
  };
}

async function ready(name: string): Promise<{ schema: Schema; driver: Driver; defs: TypeDefs }> {
  const { schema, wasm } = load(name);
  const driver = await Driver.load(wasm);
  driver.init();
  const defs: TypeDefs = {};
  for (const d of schema.types) codec.parseType(d, defs);
  return { schema, driver, defs };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const text = (b: Uint8Array) => new TextDecoder().decode(b);

test("every AssemblyScript example has a data driver", () => {
  assert.deepEqual(EXAMPLES, findExampleEntries(REPO_ROOT).map(contractName), "every example is built (npm run asbuild)");
  assert.ok(EXAMPLES.length >= 10, `examples with a schema: ${EXAMPLES.join(", ")}`);
  for (const name of EXAMPLES) assert.ok(existsSync(join(BUILD, `${name}.driver.wasm`)), `build/${name}.driver.wasm exists`);
});

for (const name of EXAMPLES) {
  test(`${name} driver: imports nothing, answers 3 before init, get_version "0.1.0", get_schema in dusk-forge's shape`, async () => {
    const { schema, wasm } = load(name);
    const driver = await Driver.load(wasm);
    assert.deepEqual(driver.imports, []);
    const early = driver.version();
    assert.equal(early.code, Code.NotInitialized);
    assert.equal(early.error, "Contract driver not initialized");
    driver.init();
    assert.equal(text(driver.version().bytes), "0.1.0");
    const s = json(driver.schema()) as Record<string, unknown>;
    // dusk-forge's schema::Contract serializes name, imports, functions, events; types is ours.
    assert.deepEqual(Object.keys(s), ["name", "imports", "functions", "events", "types"]);
    assert.deepEqual(s, { name: schema.name, imports: [], functions: schema.functions, events: schema.events, types: schema.types });
  });

  test(`${name} driver: every input, output and event equals host-sim's codec in bytes and serde JSON`, async () => {
    const { schema, driver, defs } = await ready(name);
    const check = (type: string, run: (bytes: Uint8Array, serde: unknown) => void) => {
      const t: RType = codec.parseType(type, defs);
      fc.assert(fc.property(arbitraryFor(t, defs), (value) => {
        run(codec.encode(t, value, defs), codec.toJson(t, value, defs, "serde"));
      }), { numRuns: RUNS, seed: 19 });
    };
    for (const f of schema.functions) {
      check(f.input, (bytes, serde) => {
        const enc = driver.encodeInput(f.name, JSON.stringify(serde));
        assert.equal(enc.code, Code.Ok, `${f.name}: ${enc.error}`);
        assert.equal(hex(enc.bytes), hex(bytes), `${f.name} input bytes for ${JSON.stringify(serde)}`);
        assert.deepEqual(json(driver.decodeInput(f.name, bytes)), serde);
      });
      check(f.output, (bytes, serde) => {
        assert.deepEqual(json(driver.decodeOutput(f.name, bytes)), serde, `${f.name} output`);
      });
    }
    for (const e of schema.events) {
      check(e.data, (bytes, serde) => {
        assert.deepEqual(json(driver.decodeEvent(e.topic, bytes)), serde, `event ${e.topic}`);
      });
    }
  });

  test(`${name} driver: unknown functions and events are refused by name`, async () => {
    const { driver } = await ready(name);
    const cases: [() => ReturnType<Driver["schema"]>, string][] = [
      [() => driver.encodeInput("no_such", "null"), `Unsupported("encode_input: unknown fn no_such")`],
      [() => driver.decodeInput("no_such", new Uint8Array(0)), `Unsupported("decode_input: unknown fn no_such")`],
      [() => driver.decodeOutput("no_such", new Uint8Array(0)), `Unsupported("decode_output: unknown fn no_such")`],
      [() => driver.decodeEvent("no_such", new Uint8Array(0)), `Unsupported("decode_event: unknown event no_such")`],
    ];
    for (const [call, message] of cases) {
      const a = call();
      assert.equal(a.code, Code.OperationError);
      assert.equal(a.error, message);
    }
  });
}

const ID = "ab".repeat(32);

test("token driver: hand-worked bytes and JSON (a function without input takes null and encodes to nothing)", async () => {
  const { driver } = await ready("token");
  assert.equal(hex(driver.encodeInput("name", "null").bytes), "");
  // (ContractId, u128): 32 id bytes, then 1000 as a 16-byte little-endian u128 at offset 32.
  assert.equal(hex(driver.encodeInput("transfer", `["${ID}", "1000"]`).bytes), ID + "e803" + "00".repeat(14));
  // A number is accepted for a u128 as well as a string; the output is always a decimal string.
  assert.equal(hex(driver.encodeInput("transfer", `["0x${ID}", 1000]`).bytes), ID + "e803" + "00".repeat(14));
  assert.deepEqual(json(driver.decodeOutput("balance_of", Buffer.from("e8030000000000000000000000000000", "hex"))), "1000");
  assert.deepEqual(json(driver.decodeOutput("decimals", Uint8Array.of(18))), 18);
  assert.deepEqual(json(driver.decodeOutput("transfer", new Uint8Array(0))), null);
  const transfer = Buffer.from(ID + "cd".repeat(32) + "07" + "00".repeat(15), "hex");
  assert.deepEqual(json(driver.decodeEvent("transfer", transfer)), { from: ID, to: "cd".repeat(32), amount: "7" });
});

test("escrow driver: a struct with a fieldless enum field, and an enum outside its variants refused", async () => {
  const { driver } = await ready("escrow");
  // DealChanged { id: u64, state: State }: id at 0, state (u8 tag) at 8, size 16.
  assert.deepEqual(json(driver.decodeEvent("deal", Buffer.from("0500000000000000" + "02" + "00".repeat(7), "hex"))), { id: "5", state: "Released" });
  const bad = driver.decodeEvent("deal", Buffer.from("0500000000000000" + "09" + "00".repeat(7), "hex"));
  assert.equal(bad.code, Code.OperationError);
  assert.match(bad.error, /^Rkyv\("decode_event deal: cannot check_archived_root: .*tag/);
});

test("bad input: code 2 and a message naming the function and the field", async () => {
  const { driver } = await ready("token");
  const cases: [string, string, RegExp][] = [
    ["transfer", `["${ID}", "1000"`, /^Json\("encode_input transfer: EOF while parsing a list at line 1 column \d+"\)$/],
    ["transfer", `["${ID}", "10" "1"]`, /^Json\("encode_input transfer: expected `,` or `]` at line 1/],
    ["transfer", `[true, "1"]`, /^Json\("encode_input transfer: at \[0\]: expected ContractId .*got boolean `true`"\)$/],
    ["transfer", `["${ID}", "1.5"]`, /^Json\("encode_input transfer: at \[1\]: expected u128 as an integer/],
    ["transfer", `["${ID}", -1]`, /^Json\("encode_input transfer: at \[1\]: integer -1 is out of range for u128"\)$/],
    ["transfer", `["${ID.slice(2)}", "1"]`, /^Json\("encode_input transfer: at \[0\]: expected 32 bytes for ContractId, got 31"\)$/],
    ["transfer", `["${ID}"]`, /^Json\("encode_input transfer: expected an array of 2 for \(ContractId, u128\), got an array of 1"\)$/],
    ["init", `"340282366920938463463374607431768211456"`, /^Json\("encode_input init: integer 340282366920938463463374607431768211456 is out of range for u128"\)$/],
    ["name", `1`, /^Json\("encode_input name: expected null for \(\), got number 1"\)$/],
    ["transfer_and_call", `["${ID}", "1", "\\ud800"]`, /^Json\("encode_input transfer_and_call: lone leading surrogate in hex escape at line 1/],
    ["init", "[".repeat(5000), /^Json\("encode_input init: recursion limit exceeded at line 1 column 130"\)$/],
  ];
  for (const [fn, input, message] of cases) {
    const a = driver.encodeInput(fn, input);
    assert.equal(a.code, Code.OperationError, input);
    assert.match(a.error, message);
  }
  const feeder = (await ready("feeder")).driver;
  assert.match(feeder.encodeInput("feed_num", "4294967296").error, /^Json\("encode_input feed_num: integer 4294967296 is out of range for u32"\)$/);
  assert.match(feeder.encodeInput("feed_chunks", `{"0": "a", "1": 2}`).error, /^Json\("encode_input feed_chunks: expected an array of 2 for \(String, u32\), got an object"\)$/);
  // The error is taken by get_last_error, and the driver answers the next call normally.
  assert.equal(driver.lastError(), "");
  assert.equal(driver.encodeInput("init", `"5"`).code, Code.Ok);
});

test("bad rkyv bytes: code 2 with check_archived_root's reason, named by function", async () => {
  const token = (await ready("token")).driver;
  assert.match(token.decodeOutput("balance_of", Uint8Array.of(1, 2, 3)).error, /^Rkyv\("decode_output balance_of: cannot check_archived_root: /);
  assert.match(token.decodeInput("transfer", new Uint8Array(47)).error, /^Rkyv\("decode_input transfer: cannot check_archived_root: /);
  const meta = (await ready("metadata")).driver;
  // Option<ContractId>: tag 2 is neither None nor Some.
  assert.match(meta.decodeOutput("read_caller", Uint8Array.of(2, ...new Uint8Array(32))).error, /^Rkyv\("decode_output read_caller: cannot check_archived_root: /);
  const stack = (await ready("stack")).driver;
  // Vec<String> whose relative pointer leaves the buffer.
  assert.match(stack.decodeOutput("names_list", Buffer.from("00010000" + "01000000", "hex")).error, /^Rkyv\("decode_output names_list: cannot check_archived_root: /);
  // A string that is not UTF-8.
  assert.match(token.decodeInput("transfer_and_call", Buffer.from(ID + "01" + "00".repeat(15) + "ff" + "00".repeat(6) + "81" + "00".repeat(8), "hex")).error, /^Rkyv\("decode_input transfer_and_call: /);
});

test("the ABI's other codes: 4 for a small output buffer, 1 for a buffer outside memory, UTF-8 names checked", async () => {
  const { driver } = await ready("token");
  const small = driver.encodeInput("transfer", `["${ID}", "1"]`, 40);
  assert.equal(small.code, Code.BufferTooSmall);
  assert.equal(small.error, "Output buffer too small");
  assert.equal(driver.encodeInput("transfer", `["${ID}", "1"]`, 52).code, Code.Ok);
  const outside = driver.call((p) => driver.x.get_version(p, 0x7fff_ffff));
  assert.equal(outside.code, Code.InvalidInput);
  const utf8 = driver.encodeInput(Uint8Array.of(0xff, 0xfe), "null");
  assert.equal(utf8.code, Code.OperationError);
  assert.equal(utf8.error, "Invalid fn_name UTF-8");
  const json8 = driver.encodeInput("init", Uint8Array.of(0x22, 0xc3, 0x22));
  assert.equal(json8.error, "Invalid json UTF-8");
});

test("no input traps a driver: random bytes to every decoder, random JSON and text to every encoder", async () => {
  for (const name of EXAMPLES) {
    const { schema, driver } = await ready(name);
    const fns = schema.functions.map((f) => f.name);
    const topics = schema.events.map((e) => e.topic);
    // A trap would throw a WebAssembly.RuntimeError out of the call; any answer must be 0 or 2.
    fc.assert(fc.property(fc.constantFrom(...fns), fc.uint8Array({ maxLength: 96 }), (fn, bytes) => {
      for (const a of [driver.decodeInput(fn, bytes), driver.decodeOutput(fn, bytes)]) assert.ok(a.code === Code.Ok || a.code === Code.OperationError, `${fn}: ${a.code}`);
    }), { numRuns: 60, seed: 19 });
    if (topics.length) {
      fc.assert(fc.property(fc.constantFrom(...topics), fc.uint8Array({ maxLength: 96 }), (topic, bytes) => {
        const a = driver.decodeEvent(topic, bytes);
        assert.ok(a.code === Code.Ok || a.code === Code.OperationError);
      }), { numRuns: 60, seed: 19 });
    }
    fc.assert(fc.property(fc.constantFrom(...fns), fc.oneof(fc.json(), fc.string({ unit: "binary" })), (fn, input) => {
      const a = driver.encodeInput(fn, input);
      assert.ok(a.code === Code.Ok || a.code === Code.OperationError, `${fn} ${input}: ${a.code}`);
      if (a.code === Code.OperationError) assert.match(a.error, new RegExp(`^(Json|Unsupported)\\("encode_input ${fn}: `));
    }), { numRuns: 60, seed: 19 });
  }
});
