// Mirrors nothing in Piecrust: shared helpers for the store tests, including a naive Merkle
// implementation written from the dusk-merkle rules (bottom-up over full levels, a different code path).
import { blake3 } from "@noble/hashes/blake3.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContractChange } from "../../host-sim/store/index.js";

export const PAGE = 65536;

/** Root of a height-H, arity-K tree holding exactly `leaves`, built level by level from the bottom. */
export function naiveRoot(height: number, arity: number, leaves: Map<number, Uint8Array>): Uint8Array {
  let level = new Map(leaves);
  for (let d = height - 1; d >= 0; d--) {
    const groups = new Map<number, (Uint8Array | undefined)[]>();
    for (const [pos, v] of level) {
      const parent = Math.floor(pos / arity);
      let g = groups.get(parent);
      if (!g) groups.set(parent, (g = new Array(arity).fill(undefined)));
      g[pos % arity] = v;
    }
    const next = new Map<number, Uint8Array>();
    for (const [parent, g] of groups) {
      const buf = new Uint8Array(arity * 32);
      g.forEach((v, i) => v && buf.set(v, i * 32));
      next.set(parent, blake3(buf));
    }
    level = next;
  }
  return level.get(0) ?? new Uint8Array(32);
}

/** Piecrust's page-tree heights (piecrust/src/store/tree.rs: P32_HEIGHT, P64_HEIGHT). */
export const P32_HEIGHT = 8;
export const P64_HEIGHT = 13;

/** Naive state root: contracts = [intPos, pages(index -> content), memory64 (default false)]. */
export function naiveState(contracts: [number, Map<number, Uint8Array>, boolean?][]): Uint8Array {
  const leaves = new Map<number, Uint8Array>();
  for (const [pos, pages, memory64] of contracts) {
    const pl = new Map<number, Uint8Array>();
    for (const [i, data] of pages) pl.set(i, blake3(data));
    leaves.set(pos, naiveRoot(memory64 ? P64_HEIGHT : P32_HEIGHT, 4, pl));
  }
  return naiveRoot(32, 2, leaves);
}

export function id(...bytes: number[]): Uint8Array {
  const out = new Uint8Array(32);
  out.set(bytes);
  return out;
}

export function page(fill: number, at = 0, value = fill): Uint8Array {
  const p = new Uint8Array(PAGE).fill(fill);
  p[at] = value;
  return p;
}

export function deploy(cid: Uint8Array, pages: [number, Uint8Array][] = [], memLen = PAGE * 2, bytecode = new Uint8Array([0, 97, 115, 109, ...cid.slice(0, 4)])): ContractChange {
  return { id: cid, isNew: true, bytecode, owner: new Uint8Array([7, 7]), memLen, dirtyPages: new Map(pages) };
}

export function touch(cid: Uint8Array, pages: [number, Uint8Array][] = [], memLen = PAGE * 2): ContractChange {
  return { id: cid, isNew: false, memLen, dirtyPages: new Map(pages) };
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

export function tempDir(tag: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `piecrust-as-${tag}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
