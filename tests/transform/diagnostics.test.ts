// Must-fail inputs: each must end the build with its numbered diagnostic at the user's line (not a
// crash, not an error inside generated code, not a stack trace).

import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFixture } from "./support.js";

interface Case {
  name: string;
  code: string;
  /** 1-based line of the diagnostic in `src`. */
  line: number;
  message: RegExp;
  src: string;
}

const CASES: Case[] = [
  { name: "two-contracts", code: "PCAS001", line: 4, message: /only one @contract class per contract \(already have 'One'\)/, src: `
@contract
class One { a(): void {} }
@contract class Two { b(): void {} }
` },
  { name: "contract-on-function", code: "PCAS002", line: 2, message: /@contract applies to a top-level class only/, src: `
@contract
function f(): void {}
export function g(n: i32): i32 { return n; }
` },
  { name: "bad-param", code: "PCAS003", line: 3, message: /parameter 'd' of 'take': type 'Date' has no rkyv form/, src: `
@contract class C {
  take(d: Date): void {}
}
` },
  { name: "staticarray-param", code: "PCAS003", line: 3, message: /a StaticArray's length is not part of its type/, src: `
@contract class C {
  take(x: StaticArray<u8>): void {}
}
` },
  { name: "nullable-value", code: "PCAS003", line: 3, message: /a value type cannot be null; use Option<u64>/, src: `
@contract class C {
  take(x: u64 | null): void {}
}
` },
  { name: "enum-in-container", code: "PCAS003", line: 4, message: /a fieldless @archive enum can only be a parameter/, src: `
@archive enum Color { Red }
@contract class C {
  take(x: Array<Color>): void {}
}
` },
  { name: "five-params", code: "PCAS004", line: 3, message: /'add' takes 5 parameters; entry points take at most 4/, src: `
@contract class C {
  add(a: u8, b: u8, c: u8, d: u8, e: u8): void {}
}
` },
  { name: "reserved-init", code: "PCAS005", line: 3, message: /method 'init' cannot be exported: .*mark the method @init/, src: `
@contract class C {
  init(): void {}
}
` },
  { name: "reserved-memory", code: "PCAS005", line: 3, message: /method 'memory' cannot be exported/, src: `
@contract class C {
  memory(): void {}
}
` },
  { name: "export-collision", code: "PCAS005", line: 4, message: /method 'ping' cannot be exported: the name is already exported/, src: `
export function ping(n: i32): i32 { return n; }
@contract class C {
  ping(): void {}
}
` },
  { name: "generic-contract", code: "PCAS006", line: 2, message: /must not be generic or abstract/, src: `
@contract class C<T> {
  a(): void {}
}
` },
  { name: "no-contract", code: "PCAS007", line: 1, message: /has no @contract class \(and exports no functions\)/, src: `
let x: u32 = 1;
` },
  { name: "random", code: "PCAS008", line: 3, message: /Math\.random is not available in contracts/, src: `
@contract class C {
  roll(): f64 { return Math.random(); }
}
` },
  { name: "date", code: "PCAS008", line: 3, message: /Date\.now is not available in contracts/, src: `
@contract class C {
  now(): f64 { return <f64>Date.now(); }
}
` },
  { name: "trace", code: "PCAS008", line: 3, message: /trace\(\) is not available in contracts: use debug\(\)/, src: `
@contract class C {
  t(): void { trace("hi"); }
}
` },
  { name: "variant-missing", code: "PCAS009", line: 5, message: /field 'r' of @archive enum 'Shape' needs @variant/, src: `
@archive
@variants("Circle")
class Shape {
  tag: u8 = 0; r: f32 = 0;
}
@contract class C { a(s: Shape): void {} }
` },
  { name: "archive-generic", code: "PCAS009", line: 2, message: /@archive class 'Box2' must not be generic/, src: `
@archive class Box2<T> { v: u8 = 0; }
@contract class C { a(): void {} }
` },
  { name: "two-inits", code: "PCAS010", line: 4, message: /only one @init method \(already have 'setup'\)/, src: `
@contract class C {
  @init setup(): void {}
  @init again(): void {}
}
` },
  { name: "init-and-ctor", code: "PCAS010", line: 4, message: /both a constructor with parameters and an @init method/, src: `
@contract class C {
  n: u64 = 0;
  constructor(n: u64) { this.n = n; }
  @init setup(): void {}
}
` },
  { name: "archive-sdk-name", code: "PCAS009", line: 3, message: /two @archive declarations are named 'AccountData' \(the other is in assembly\/dusk\/transfer\.ts\); rename one/, src: `
import { sha256 } from "../../../assembly/dusk/index";
@archive class AccountData { a: u8 = 0; }
@contract class C { a(): void {} }
` },
  { name: "bad-event", code: "PCAS011", line: 2, message: /@event takes the topic as one string literal/, src: `
@event(1)
@archive class E { a: u8 = 0; }
@contract class C { a(): void {} }
` },
];

for (const c of CASES) {
  test(`${c.code} ${c.name}`, async () => {
    const r = await compileFixture(`fail-${c.name}`, c.src);
    assert.equal(r.wasm, null, `${c.name} should not build`);
    const m = new RegExp(`ERROR ${c.code}: (.*)\\n(?:[\\s\\S]*?)in build/test-fixtures/fail-${c.name}/index\\.ts\\((\\d+),(\\d+)\\)`).exec(r.stderr);
    assert.ok(m, `no ${c.code} in:\n${r.stderr}`);
    assert.match(m![1]!, c.message);
    assert.equal(Number(m![2]), c.line, r.stderr);
    // Nothing from asc about generated code, and no stack trace.
    assert.doesNotMatch(r.stderr, /ERROR TS\d+/, r.stderr);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, "no stack trace");
  });
}
