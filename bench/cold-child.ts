// One cold start, in a fresh process (bench/cold.ts runs it): opens the store, makes the first call of an
// example on the given base, then times the same call warm. Prints one JSON line of milliseconds.
import { VM } from "../host-sim/index.js";
import { fromHex } from "../host-sim/hex.js";
import { call, example, type Deployed } from "../tests/sim/example.js";
import { time } from "./harness.js";

const [dir, name, baseHex, idHex, fn, argJson] = process.argv.slice(2);
const d: Deployed = { id: fromHex(idHex), ex: example(name) };
const arg = argJson === "" ? undefined : JSON.parse(argJson);

const t0 = performance.now();
const vm = await VM.open(dir);
const t1 = performance.now();
const s = await vm.session({ base: fromHex(baseHex) });
call(s, d, fn, arg);
const t2 = performance.now();
const warm = time(() => void call(s, d, fn, arg), { iterations: 100 });
s.close();
vm.close();
console.log(JSON.stringify({ open: t1 - t0, first: t2 - t1, warm }));
