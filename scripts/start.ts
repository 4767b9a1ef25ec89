// npm start: build (npm run asbuild, before this script), then run a short scripted scenario in
// host-sim against the on-disk store `.piecrust/`, and commit. Each run continues from the last
// run's commit (the store's HEAD): contracts are deployed on the first run only, the counter goes
// 0xfd, 0xfe, …, and the token balances keep growing. Every receipt is printed: gas, events decoded
// with the contract's schema, and the call tree. The contracts are recorded under their names, so
// `piecrust-as call token balance_of '"0x…"'` works on the same store afterwards.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { toHex, VM, type CallReceipt, type Session } from "../host-sim/index.js";
import { readSchemaFile, SchemaCodec } from "../cli/commands/schema.js";
import { formatReceipt, type Names } from "../cli/commands/receipt.js";
import { exampleHostQueries } from "./host-queries.js";
import { DEFAULT_STORE, readHead, writeHead } from "../cli/commands/head.js";
import { recordDeployment } from "../cli/commands/registry.js";

const GAS = 1_000_000_000n;
const wallet = (name: string): Uint8Array => blake3(new TextEncoder().encode(`piecrust-as wallet ${name}`));
const OWNER = wallet("owner");
const ALICE = wallet("alice");
const BOB = wallet("bob");
const hex = (b: Uint8Array): string => "0x" + toHex(b);

interface Contract {
  name: string;
  id: Uint8Array;
  codec: SchemaCodec;
}

class Scenario implements Names {
  private readonly contracts = new Map<string, Contract>();
  private readonly wallets = new Map([OWNER, ALICE, BOB].map((w, i) => [toHex(w), ["owner", "alice", "bob"][i]]));

  constructor(private readonly session: Session) {}

  name(id: Uint8Array): string {
    const key = toHex(id);
    return this.contracts.get(key)?.name ?? this.wallets.get(key) ?? key.slice(0, 8);
  }

  codec(id: Uint8Array): SchemaCodec | undefined {
    return this.contracts.get(toHex(id))?.codec;
  }

  /** Deploys build/<name>.wasm unless a contract with that bytecode already exists (earlier run). */
  deploy(name: string, owner: Uint8Array, init?: unknown): Contract {
    const file = join("build", `${name}.wasm`);
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run asbuild\` (npm start does)`);
    const wasm = new Uint8Array(readFileSync(file));
    const schema = readSchemaFile(join("build", `${name}.schema.json`));
    const c: Contract = { name, id: blake3(wasm), codec: new SchemaCodec(schema.schema) };
    this.contracts.set(toHex(c.id), c);
    if (!this.session.contractMetadata(c.id)) {
      const initArg = init === undefined ? undefined : c.codec.encodeInput("init", init);
      const { receipt } = this.session.deploy(wasm, { owner, initArg }, GAS);
      console.log(`deployed ${name} ${toHex(c.id)}`);
      if (receipt) this.print(`  init`, receipt);
      // The deployment keeps the schema it was deployed with; later runs do not overwrite it.
      recordDeployment(DEFAULT_STORE, c.id, name, schema.bytes);
    }
    return c;
  }

  /** A top-level call acting for `signer` (the token and the escrow read the "signer" metadata). */
  call(c: Contract, fn: string, arg: unknown, signer: Uint8Array | null, quiet = false): unknown {
    if (signer) this.session.setMeta("signer", signer);
    else this.session.removeMeta("signer");
    const receipt = this.session.callRaw(c.id, fn, c.codec.encodeInput(fn, arg), GAS);
    const value = c.codec.decodeOutput(fn, receipt.data);
    if (!quiet) this.print(`${c.name}.${fn}(${arg === undefined ? "" : JSON.stringify(arg)})${signer ? ` as ${this.name(signer)}` : ""}`, receipt, value);
    return value;
  }

  private print(title: string, r: CallReceipt, value?: unknown): void {
    const shown = value === undefined || value === null ? undefined : JSON.stringify(value);
    // Event payloads name wallets by hex; show their names instead.
    let text = formatReceipt(title, r, this, shown);
    for (const [key, n] of this.wallets) text = text.split(`0x${key}`).join(n);
    for (const [key, c] of this.contracts) text = text.split(`0x${key}`).join(c.name);
    console.log(text);
  }
}

async function main(): Promise<void> {
  const vm = await VM.open(DEFAULT_STORE);
  for (const [name, q] of Object.entries(exampleHostQueries())) vm.registerHostQuery(name, q);
  try {
    const base = readHead(DEFAULT_STORE, vm.commits());
    console.log(base ? `continuing from commit ${toHex(base)}` : `new store in ${DEFAULT_STORE}/`);
    const session = await vm.session({ base });
    const s = new Scenario(session);

    // The counter: one increment per run (0xfd after the first, 0xfe after the second, …).
    const counter = s.deploy("counter", new Uint8Array(32));
    s.call(counter, "increment", undefined, null);
    const value = BigInt(s.call(counter, "read_value", undefined, null, true) as string);
    console.log(`counter ${toHex(counter.id)} value 0x${value.toString(16)} (${value})\n`);

    // The token and an escrow holding it: bob buys something from alice for 250 tokens.
    const token = s.deploy("token", OWNER, "1000000");
    const escrow = s.deploy("escrow", OWNER, hex(token.id));
    s.call(token, "transfer", [hex(BOB), "1000"], OWNER);
    const deal = s.call(escrow, "open", [hex(BOB), "250"], ALICE);
    s.call(token, "approve", [hex(escrow.id), "250"], BOB);
    s.call(escrow, "fund", deal, BOB);
    s.call(escrow, "release", deal, BOB);
    const balances = [ALICE, BOB].map((w) => `${s.name(w)} ${s.call(token, "balance_of", hex(w), null, true)}`);
    console.log(`\nbalances: ${balances.join(", ")}; deals so far: ${s.call(escrow, "count", undefined, null, true)}`);

    const root = session.commit();
    writeHead(DEFAULT_STORE, root);
    console.log(`committed root ${toHex(root)}`);
  } finally {
    vm.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
