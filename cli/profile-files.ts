// Gas profiles (host-sim/profile.ts) as files people open: a flame graph SVG (self-contained, a
// tooltip per frame with its name, gas and share) and speedscope's JSON format
// (https://www.speedscope.app/file-format-schema.json, an evented profile whose clock is gas).
import type { CallProfile, ProfileNode } from "../host-sim/profile.js";

const ROW = 18;
/** The graph's width in pixels unless told (the playground fits it to its panel). */
const WIDTH = 1200;
const PAD = 10;
const HEADER = 36;

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** A warm hue per contract, the same for the same name in every graph. */
function colour(contract: string, depth: number): string {
  let h = 0;
  for (const ch of contract) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${h % 60}, ${70 + (h % 20)}%, ${60 + ((depth * 7) % 20)}%)`;
}

function depthOf(n: ProfileNode): number {
  return 1 + n.children.reduce((d, c) => Math.max(d, depthOf(c)), 0);
}

function pct(part: bigint, whole: bigint): string {
  return whole === 0n ? "0" : (Number((part * 100_000n) / whole) / 1000).toFixed(2);
}

/**
 * A flame graph of `profiles` side by side (the root at the bottom, widths proportional to gas);
 * hovering a frame shows its function, contract, total and self gas and share of the whole.
 */
export function flameGraphSvg(profiles: readonly CallProfile[], title: string, width = WIDTH): string {
  const whole = profiles.reduce((s, p) => s + p.root.total, 0n);
  const depth = profiles.reduce((d, p) => Math.max(d, depthOf(p.root)), 0);
  const height = HEADER + depth * ROW + PAD;
  const scale = whole === 0n ? 0 : (width - 2 * PAD) / Number(whole);
  const rects: string[] = [];
  const draw = (n: ProfileNode, x: number, level: number) => {
    const w = Number(n.total) * scale;
    if (w < 0.1) return;
    const y = height - PAD - (level + 1) * ROW;
    const label = n.kind === "contract" ? n.name : `${n.name} [${n.contract}]`;
    const tip = `${label}\ngas ${n.total} (${pct(n.total, whole)}%), self ${n.self} (${pct(n.self, whole)}%)`;
    rects.push(
      `<g><title>${escapeXml(tip)}</title><rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${ROW - 1}" rx="2" fill="${colour(n.contract, level)}"/>` +
        (w > 40 ? `<text x="${(x + 3).toFixed(2)}" y="${y + ROW - 5}">${escapeXml(fit(label, w))}</text>` : "") +
        `</g>`,
    );
    let cx = x;
    for (const c of n.children) {
      draw(c, cx, level + 1);
      cx += Number(c.total) * scale;
    }
  };
  let x = PAD;
  for (const p of profiles) {
    draw(p.root, x, 0);
    x += Number(p.root.total) * scale;
  }
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fdfcf8"/>`,
    `<text x="${PAD}" y="16" font-size="14">${escapeXml(title)}</text>`,
    `<text x="${PAD}" y="30" fill="#555">${whole} gas in all; hover a frame for its gas and share</text>`,
    ...rects,
    `</svg>`,
    "",
  ].join("\n");
}

/** `label` cut to what a frame `width` pixels wide shows (about 7 px a character). */
function fit(label: string, width: number): string {
  const chars = Math.floor((width - 6) / 7);
  return label.length <= chars ? label : `${label.slice(0, Math.max(chars - 1, 0))}…`;
}

/** speedscope's file: one evented profile per call, its events at gas offsets. */
export function speedscopeJson(profiles: readonly CallProfile[], name: string): object {
  const frames: Array<{ name: string; file: string }> = [];
  const index = new Map<string, number>();
  const frameOf = (n: ProfileNode) => {
    const key = `${n.contract}\u0000${n.name}`;
    let i = index.get(key);
    if (i === undefined) {
      i = frames.push({ name: n.name, file: n.contract }) - 1;
      index.set(key, i);
    }
    return i;
  };
  const out = profiles.map((p) => {
    const events: Array<{ type: "O" | "C"; frame: number; at: number }> = [];
    const walk = (n: ProfileNode, at: bigint) => {
      const frame = frameOf(n);
      events.push({ type: "O", frame, at: Number(at) });
      let t = at;
      for (const c of n.children) {
        walk(c, t);
        t += c.total;
      }
      events.push({ type: "C", frame, at: Number(at + n.total) });
    };
    walk(p.root, 0n);
    return { type: "evented", name: `${p.root.name}${p.failed ? " (failed)" : ""}`, unit: "none", startValue: 0, endValue: Number(p.root.total), events };
  });
  return {
    $schema: "https://www.speedscope.app/file-format-schema.json",
    shared: { frames },
    profiles: out,
    name,
    activeProfileIndex: 0,
    exporter: "piecrust-as",
  };
}

/** The file `path` should hold: speedscope JSON for .json, else (.svg) the flame graph. */
export function profileFile(path: string, profiles: readonly CallProfile[], title: string): string {
  return path.endsWith(".json") ? JSON.stringify(speedscopeJson(profiles, title)) + "\n" : flameGraphSvg(profiles, title);
}
