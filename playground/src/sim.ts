// host-sim in the page: one VM in memory, a session on the last commit, and the contracts deployed
// with their schemas, so calls take and give JSON (host-sim/codec's JSON mapping, the CLI's style).
// The session profiles every call (the page draws the CLI's flame graph of it, cli/profile-files.ts),
// and the builds' debug info names functions in profiles and places failures at their source line.
import { codec, DebugInfo, formatBacktrace, fromHex, INIT_METHOD as INIT, toHex, VM, VMError, type CallReceipt, type Session, type SourceLocation } from "../../host-sim/index.js";
import type { CallProfile } from "../../host-sim/profile.js";
import type { ContractSchema } from "../../transform/schema.js";

/** The owner every playground deployment gets: 32 zero bytes, as `piecrust-as deploy` by default. */
export const OWNER = new Uint8Array(32);
export const GAS = 1_000_000_000n;

interface Deployed {
  name: string;
  schema: ContractSchema | null;
  defs: codec.TypeDefs;
}

export interface ReceiptView {
  ok: boolean;
  title: string;
  result?: unknown;
  error?: string;
  gasSpent?: string;
  gasLimit?: string;
  events: { source: string; topic: string; data: unknown; reverted: boolean }[];
  callTree: { contract: string; depth: number; spent: string; limit: string }[];
  /** The failure's backtrace (formatBacktrace), innermost first. */
  backtrace?: string;
  /** The failure's source locations, innermost first (the editor marks the first in the edited file). */
  at?: SourceLocation[];
  /** The call's gas profiles (one, or none when it was not profiled), for its flame graph. */
  profiles?: CallProfile[];
  ms: number;
}

function isUnit(t: string | undefined): boolean {
  return !t || t.replace(/\s/g, "") === "()";
}

export class Sim {
  private vm!: VM;
  private session!: Session;
  private base: Uint8Array | null = null;
  readonly contracts = new Map<string, Deployed>();

  async reset(): Promise<void> {
    this.session?.close();
    this.vm = await VM.ephemeral();
    this.base = null;
    this.contracts.clear();
    this.session = await this.vm.session({ profile: true });
  }

  private name(id: Uint8Array): string {
    return this.contracts.get(toHex(id))?.name ?? toHex(id).slice(0, 8);
  }

  private type(d: Deployed, src: string): codec.RType {
    return codec.parseType(src || "()", d.defs);
  }

  /** Encodes JSON `arg` as `fn`'s input; undefined is allowed only for a `()` input. */
  private encode(d: Deployed, fn: string, input: string, arg: unknown): Uint8Array {
    if (arg === undefined) {
      if (!isUnit(input)) throw new TypeError(`${fn} takes an argument of type ${input}: give it as JSON`);
      return new Uint8Array(0);
    }
    const t = this.type(d, input);
    try {
      return codec.encode(t, codec.fromJson(t, arg, d.defs, "cli"), d.defs);
    } catch (e) {
      throw new TypeError(`argument of ${fn} does not match its type ${input}: ${(e as Error).message}`);
    }
  }

  /**
   * Deploys `wasm`; a contract with an `init` gets `initArg` (JSON) through its schema. `debug` is
   * its build's debug side file (names and source lines of its failures and profiles).
   */
  deploy(name: string, wasm: Uint8Array, schema: ContractSchema | null, initArg?: unknown, debug?: string | null): { id: string | null; view: ReceiptView } {
    const started = performance.now();
    if (debug) this.vm.addDebugInfo(wasm, DebugInfo.parse(debug, name));
    const title = `deploy ${name}`;
    const d: Deployed = { name, schema, defs: {} };
    let r;
    const profiled = this.session.profiles.length;
    try {
      for (const src of schema?.types ?? []) codec.parseDefinitions(src, d.defs);
      const init = schema?.functions.find((f) => f.name === INIT);
      const bytes = init ? this.encode(d, INIT, init.input, initArg) : undefined;
      r = this.session.deploy(wasm, { owner: OWNER, initArg: bytes }, GAS);
    } catch (e) {
      if (!(e instanceof VMError || e instanceof TypeError)) throw e;
      return { id: null, view: { ok: false, title, error: e.message, events: [], callTree: [], ms: performance.now() - started } };
    }
    const id = toHex(r.contractId);
    this.contracts.set(id, d);
    const view: ReceiptView = r.receipt ? this.view(title, r.receipt, id, null) : { ok: true, title, events: [], callTree: [], ms: 0 };
    view.profiles = this.session.profiles.slice(profiled);
    view.ms = performance.now() - started;
    return { id, view };
  }

  /**
   * Calls `fn` of contract `id` with JSON `arg` (undefined for a `()` input); a failure is a view too.
   * `withProfile: false` leaves the profile out (timed calls: the session profiles them all the same).
   */
  call(id: string, fn: string, arg: unknown, withProfile = true): ReceiptView {
    const started = performance.now();
    const d = this.contracts.get(id);
    const title = `${d?.name ?? id}.${fn}(${arg === undefined ? "" : JSON.stringify(arg)})`;
    const fail = (error: string): ReceiptView => ({ ok: false, title, error, events: [], callTree: [], ms: performance.now() - started });
    if (!d) return fail(`no contract ${id} is deployed`);
    const f = d.schema?.functions.find((x) => x.name === fn);
    if (!f) return fail(`${d.name} has no function ${fn} (it has: ${d.schema?.functions.map((x) => x.name).join(", ") ?? "no schema"})`);
    let bytes: Uint8Array;
    try {
      bytes = this.encode(d, fn, f.input, arg);
    } catch (e) {
      return fail((e as Error).message);
    }
    let r: CallReceipt;
    const profiled = this.session.profiles.length;
    try {
      r = this.session.callRaw(fromHex(id, 32, "contract id"), fn, bytes, GAS);
    } catch (e) {
      if (!(e instanceof VMError)) throw e;
      const trace = e.backtrace ?? [];
      const at = trace.flatMap((c) => c.frames.flatMap((x) => (x.file === undefined ? [] : [{ file: x.file, line: x.line!, column: x.column! }])));
      return { ...fail(e.message), backtrace: trace.length ? formatBacktrace(trace) : undefined, at, profiles: withProfile ? this.session.profiles.slice(profiled) : undefined };
    }
    const view = this.view(title, r, id, f.output);
    if (withProfile) view.profiles = this.session.profiles.slice(profiled);
    view.ms = performance.now() - started;
    return view;
  }

  private json(d: Deployed | undefined, type: string, bytes: Uint8Array): unknown {
    if (!d || (isUnit(type) && bytes.length === 0)) return bytes.length === 0 ? null : `0x${toHex(bytes)}`;
    try {
      const t = this.type(d, type);
      return codec.toJson(t, codec.decode(t, bytes, d.defs), d.defs, "cli");
    } catch (e) {
      return `0x${toHex(bytes)} (not a valid ${type}: ${(e as Error).message})`;
    }
  }

  private view(title: string, r: CallReceipt, id: string, output: string | null): ReceiptView {
    const d = this.contracts.get(id);
    return {
      ok: true,
      title,
      result: output === null ? undefined : this.json(d, output, r.data),
      gasSpent: r.gasSpent.toString(),
      gasLimit: r.gasLimit.toString(),
      events: r.events.map((e) => {
        const src = this.contracts.get(toHex(e.source));
        const topic = src?.schema?.events?.find((x) => x.topic === e.topic);
        return { source: this.name(e.source), topic: e.topic, data: topic ? this.json(src, topic.data, e.data) : `0x${toHex(e.data)}`, reverted: e.reverted };
      }),
      // Receipts list the call tree in reverse post-order: reversed, it is a pre-order walk.
      callTree: [...r.callTree].reverse().map((n) => ({ contract: this.name(n.contractId), depth: n.depth ?? 0, spent: n.spent.toString(), limit: n.limit.toString() })),
      ms: 0,
    };
  }

  /** Commits the session's changes; later calls build on the new root. */
  async commit(): Promise<string> {
    this.base = this.session.commit();
    this.session = await this.vm.session({ base: this.base, profile: true });
    return toHex(this.base);
  }

  root(): string {
    return toHex(this.session.root());
  }
}
