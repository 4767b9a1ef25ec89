// node:fs for the transform in the browser: it reads one SDK file (the arena runtime), served from
// the page's virtual files.
import { readVirtual } from "../vfs.js";

export function readFileSync(path: string): string {
  const text = readVirtual(path);
  if (text === null) throw new Error(`ENOENT: no such file in the playground: ${path}`);
  return text;
}
