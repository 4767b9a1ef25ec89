// Cold start (issue 21): opening a store and the first call of an example in that VM, against the same
// call once warm. Native Piecrust figures per example are not recorded; the note estimates them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM } from "../host-sim/index.js";
import { call, deploy, example, hex, idOf, type Deployed } from "../tests/sim/example.js";
import { fmt, time } from "./harness.js";

interface Case {
  name: string;
  init?: unknown;
  fn: string;
  arg?: unknown;
}

const CASES: Case[] = [
  { name: "counter", fn: "increment" },
  { name: "token", init: "1000000", fn: "transfer", arg: ["0x" + hex(idOf(1)), "5"] },
];

export async function coldBench(): Promise<void> {
  for (const c of CASES) {
    const dir = mkdtempSync(join(tmpdir(), "pcas-cold-"));
    try {
      const setup = await VM.open(dir);
      const s0 = await setup.session({});
      const d: Deployed = deploy(s0, example(c.name), { owner: idOf(0xaa), init: c.init });
      const base = s0.commit();
      setup.close();

      const t0 = performance.now();
      const vm = await VM.open(dir);
      const t1 = performance.now();
      const s = await vm.session({ base });
      call(s, d, c.fn, c.arg);
      const t2 = performance.now();
      const warm = time(() => void call(s, d, c.fn, c.arg), { iterations: 200 });
      s.close();
      vm.close();
      console.log(`${`cold start, ${c.name}: open store / first ${c.fn} / warm ${c.fn}`.padEnd(58)} ${fmt(t1 - t0).padStart(10)} / ${fmt(t2 - t1).padStart(10)} / ${fmt(warm).padStart(10)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
