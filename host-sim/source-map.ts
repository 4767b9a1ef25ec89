// Not in Piecrust: reads a version 3 source map (https://sourcemaps.info/spec.html) without Node's
// `node:module` SourceMap, so host-sim's debug info works in a browser too. Only what a wasm map
// needs: asc writes one generated line whose column is the byte offset in the wasm.

/** Where a generated position came from; `source` is absent for a segment that maps to nothing. */
export interface MapEntry {
  generatedLine: number;
  generatedColumn: number;
  source?: string;
  /** 0-based, as in the map. */
  originalLine?: number;
  /** 0-based, as in the map. */
  originalColumn?: number;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The signed numbers of one segment's base64 VLQ text (each digit: 5 bits, bit 6 continues). */
function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const d = DIGIT.get(c);
    if (d === undefined) throw new Error(`bad base64 digit "${c}" in mappings`);
    value += (d & 31) * 2 ** shift;
    if (d & 32) {
      shift += 5;
      continue;
    }
    out.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2);
    value = 0;
    shift = 0;
  }
  if (shift !== 0) throw new Error("mappings end inside a number");
  return out;
}

/** A parsed source map: its segments in generated order, searchable by position. */
export class SourceMapIndex {
  private readonly entries: MapEntry[] = [];

  constructor(sources: readonly string[], mappings: string) {
    let source = 0;
    let line = 0;
    let column = 0;
    mappings.split(";").forEach((text, generatedLine) => {
      let generatedColumn = 0;
      for (const seg of text.split(",")) {
        if (seg === "") continue;
        const f = decodeVlq(seg);
        generatedColumn += f[0];
        if (f.length < 4) {
          this.entries.push({ generatedLine, generatedColumn });
          continue;
        }
        source += f[1];
        line += f[2];
        column += f[3];
        this.entries.push({ generatedLine, generatedColumn, source: sources[source], originalLine: line, originalColumn: column });
      }
    });
    // Segments are in order within a line; keep the search correct even for a map that is not.
    this.entries.sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn);
  }

  /** The last segment at or before (line, column), both 0-based, as Node's SourceMap.findEntry; null when none. */
  findEntry(line: number, column: number): MapEntry | null {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entries[mid];
      if (e.generatedLine < line || (e.generatedLine === line && e.generatedColumn <= column)) lo = mid + 1;
      else hi = mid;
    }
    const e = this.entries[lo - 1];
    return e && e.generatedLine === line ? e : null;
  }
}
