// The files the in-page compiler reads: the SDK, as-bignum, the examples and the build options,
// laid out under ROOT as in this repository, so asc sees the same relative paths as a Node build
// from the repository's root (the paths reach the wasm in panic messages).
import sources from "virtual:sources";

export const ROOT = "/p";
const files = new Map<string, string>(Object.entries(sources as Record<string, string>).map(([rel, text]) => [`${ROOT}/${rel}`, text]));

export function readVirtual(path: string): string | null {
  return files.get(path) ?? null;
}

export function writeVirtual(path: string, text: string): void {
  files.set(path, text);
}

/** Files directly in `dir` (asc lists a folder for --lib; contracts do not use it, but it must answer). */
export function listVirtual(dir: string): string[] {
  const prefix = dir.endsWith("/") ? dir : dir + "/";
  return [...files.keys()].filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes("/")).map((f) => f.slice(prefix.length));
}

/** The example contracts shipped in the page: name → entry path relative to ROOT. */
export function examples(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of files.keys()) {
    const m = /^\/p\/examples\/([^/]+)\/assembly\/index\.ts$/.exec(f);
    if (m) out[m[1]] = f.slice(ROOT.length + 1);
  }
  return out;
}
