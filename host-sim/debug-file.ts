// Not in Piecrust: the Node-only half of debug-info.ts, reading a build's side file from disk
// (browsers have no files; the playground parses the side file its own build wrote).
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { DebugInfo, DebugInfoError, debugFileOf } from "./debug-info.js";

/**
 * The debug info built next to `wasmFile`, or null when there is none. A side file that does not
 * parse is reported, since it would otherwise silently hide every source location.
 */
export function debugInfoForWasmFile(wasmFile: string): DebugInfo | null {
  const file = debugFileOf(wasmFile);
  if (!existsSync(file)) return null;
  try {
    return DebugInfo.parse(readFileSync(file, "utf8"), basename(wasmFile).replace(/(\.debug)?\.wasm$/, ""));
  } catch (e) {
    // unreadable, not JSON, or not a source map: the same fix, whatever the cause
    throw new DebugInfoError(`${file} is not a debug side file of piecrust-as build (${(e as Error).message}); rebuild with piecrust-as build --force`);
  }
}
