// A small loader for Dusk data drivers, written from the interface as rusk's data-driver crate
// describes it (src/wasm.rs): instantiate with an empty `env`, call `init`, pass strings and bytes
// in buffers from `alloc`, and read each result from an output buffer as a u32 LE length followed by
// the bytes; a non-zero code leaves a message for `get_last_error`.

export const Code = { Ok: 0, InvalidInput: 1, OperationError: 2, NotInitialized: 3, BufferTooSmall: 4 } as const;

const EXPORTS = ["memory", "init", "alloc", "dealloc", "get_last_error", "encode_input_fn", "decode_input_fn", "decode_output_fn", "decode_event", "get_schema", "get_version"];

type Ptr = number;
interface DriverExports {
  memory: WebAssembly.Memory;
  init(): void;
  alloc(size: number): Ptr;
  dealloc(ptr: Ptr, size: number): void;
  get_last_error(out: Ptr, size: number): number;
  encode_input_fn(n: Ptr, nl: number, j: Ptr, jl: number, out: Ptr, size: number): number;
  decode_input_fn(n: Ptr, nl: number, r: Ptr, rl: number, out: Ptr, size: number): number;
  decode_output_fn(n: Ptr, nl: number, r: Ptr, rl: number, out: Ptr, size: number): number;
  decode_event(n: Ptr, nl: number, r: Ptr, rl: number, out: Ptr, size: number): number;
  get_schema(out: Ptr, size: number): number;
  get_version(out: Ptr, size: number): number;
}

/** A call's outcome: the code, the bytes written (when 0) and the error message (otherwise). */
export interface Answer { code: number; bytes: Uint8Array; error: string }

export class Driver {
  private constructor(readonly x: DriverExports, readonly imports: WebAssembly.ModuleImportDescriptor[]) {}

  static async load(wasm: Uint8Array): Promise<Driver> {
    const module = await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>);
    const missing = EXPORTS.filter((e) => !WebAssembly.Module.exports(module).some((x) => x.name === e));
    if (missing.length) throw new Error(`not a data driver: missing exports ${missing.join(", ")}`);
    const instance = await WebAssembly.instantiate(module, { env: {} });
    return new Driver(instance.exports as unknown as DriverExports, WebAssembly.Module.imports(module));
  }

  private put(bytes: Uint8Array): [Ptr, number] {
    const p = this.x.alloc(bytes.length);
    new Uint8Array(this.x.memory.buffer, p, bytes.length).set(bytes);
    return [p, bytes.length];
  }

  /** Runs `f` with a fresh output buffer of `size` bytes and reads the answer. */
  call(f: (out: Ptr, size: number) => number, size = 64 * 1024): Answer {
    const out = this.x.alloc(size);
    try {
      const code = f(out, size);
      if (code === Code.Ok) {
        const len = new DataView(this.x.memory.buffer).getUint32(out, true);
        if (len > size - 4) throw new Error(`the driver wrote a length of ${len} into a buffer of ${size}`);
        return { code, bytes: new Uint8Array(this.x.memory.buffer, out + 4, len).slice(), error: "" };
      }
      return { code, bytes: new Uint8Array(0), error: this.lastError() };
    } finally {
      this.x.dealloc(out, size);
    }
  }

  lastError(): string {
    const a = this.call((p, s) => this.x.get_last_error(p, s));
    return new TextDecoder().decode(a.bytes);
  }

  /** Calls an export taking (name, data) with the bytes of both. */
  private named(f: (n: Ptr, nl: number, d: Ptr, dl: number, o: Ptr, os: number) => number, name: string | Uint8Array, data: Uint8Array, size?: number): Answer {
    const [np, nl] = this.put(typeof name === "string" ? new TextEncoder().encode(name) : name);
    const [dp, dl] = this.put(data);
    try {
      return this.call((o, s) => f(np, nl, dp, dl, o, s), size);
    } finally {
      this.x.dealloc(np, nl);
      this.x.dealloc(dp, dl);
    }
  }

  init(): void {
    this.x.init();
  }

  encodeInput(fn: string | Uint8Array, json: string | Uint8Array, size?: number): Answer {
    return this.named((...a) => this.x.encode_input_fn(...a), fn, typeof json === "string" ? new TextEncoder().encode(json) : json, size);
  }

  decodeInput(fn: string, rkyv: Uint8Array, size?: number): Answer {
    return this.named((...a) => this.x.decode_input_fn(...a), fn, rkyv, size);
  }

  decodeOutput(fn: string, rkyv: Uint8Array): Answer {
    return this.named((...a) => this.x.decode_output_fn(...a), fn, rkyv);
  }

  decodeEvent(topic: string, rkyv: Uint8Array): Answer {
    return this.named((...a) => this.x.decode_event(...a), topic, rkyv);
  }

  schema(): Answer {
    return this.call((p, s) => this.x.get_schema(p, s));
  }

  version(): Answer {
    return this.call((p, s) => this.x.get_version(p, s));
  }
}

/** The JSON an answer carries (throws with the driver's error when it failed). */
export function json(a: Answer): unknown {
  if (a.code !== Code.Ok) throw new Error(`driver call failed (${a.code}): ${a.error}`);
  return JSON.parse(new TextDecoder().decode(a.bytes));
}
