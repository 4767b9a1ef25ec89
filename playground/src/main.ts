// The playground page: a CodeMirror editor on an example contract, and buttons that build, deploy,
// call, commit and reset in the worker (worker.ts). With "IndexedDB" storage every committed step is
// journalled and replayed on load, so a reload comes back to the same root.
import { basicSetup, EditorView } from "codemirror";
import { javascript } from "@codemirror/lang-javascript";
import { setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import type { Request } from "./worker.js";
import type { ReceiptView } from "./sim.js";
import type { Diagnostic } from "./compiler.js";
import type { CallProfile } from "../../host-sim/profile.js";
import { flameGraphSvg } from "../../cli/profile-files.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
let seq = 0;
const waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
// A module worker drops messages that arrive before its handler is set (the compiler takes a
// while to load): it says "loaded" first.
let loaded!: () => void;
const workerLoaded = new Promise<void>((resolve) => (loaded = resolve));
worker.onmessage = (ev) => {
  if (ev.data === "loaded") return loaded();
  const { seq: n, ok, value, error } = ev.data;
  const w = waiting.get(n)!;
  waiting.delete(n);
  if (ok) w.resolve(value);
  else w.reject(new Error(error));
};
worker.onerror = (e) => {
  $("status").textContent = `the worker failed to start: ${e.message}`;
  for (const w of waiting.values()) w.reject(new Error(`the worker failed: ${e.message}`));
};
function ask(req: Request): Promise<any> {
  const n = ++seq;
  return new Promise((resolve, reject) => {
    waiting.set(n, { resolve, reject });
    void workerLoaded.then(() => worker.postMessage({ seq: n, req }));
  });
}

/** name → [entry path, source] of the examples (the worker holds the files). */
const EXAMPLES: Record<string, [string, string]> = await ask({ op: "examples" });
let entry = (EXAMPLES.counter ?? Object.values(EXAMPLES)[0])[0];
const editor = new EditorView({ doc: EXAMPLES.counter?.[1] ?? "", extensions: [basicSetup, javascript({ typescript: true })], parent: $("editor") });
const deployed = new Map<string, { name: string; schema: any }>();

function status(text: string): void {
  $("status").textContent = text;
}

/** Marks `diags` of the edited file in the editor, and lists them all. */
function showDiagnostics(diags: Diagnostic[], text: string): void {
  const doc = editor.state.doc;
  const mine = diags.filter((d) => d.file === entry && d.line >= 1 && d.line <= doc.lines);
  const marks: CmDiagnostic[] = mine.map((d) => {
    const line = doc.line(d.line);
    const from = Math.min(line.from + Math.max(0, d.column - 1), line.to);
    return { from, to: line.to, severity: d.message.startsWith("WARNING") ? "warning" : "error", message: d.message };
  });
  editor.dispatch(setDiagnostics(editor.state, marks));
  $("diag").textContent = text.trim();
}

function logReceipt(v: ReceiptView): void {
  const div = document.createElement("div");
  div.className = `receipt ${v.ok ? "ok" : "fail"}`;
  const lines = [v.title];
  if (v.ok) {
    if (v.result !== undefined) lines.push(`  result  ${JSON.stringify(v.result)}`);
    if (v.gasSpent !== undefined) lines.push(`  gas     ${v.gasSpent} of ${v.gasLimit}`);
    for (const e of v.events) lines.push(`  event   ${e.source} ${e.topic} ${JSON.stringify(e.data)}${e.reverted ? " (reverted)" : ""}`);
    for (const c of v.callTree) lines.push(`  call    ${"  ".repeat(c.depth)}${c.contract} spent ${c.spent} of ${c.limit}`);
  } else {
    lines.push(`  failed  ${v.error}`);
    if (v.backtrace) lines.push(v.backtrace.replace(/^/gm, "  "));
    // A panic names its place (file:line:col); any other failure has its backtrace's locations (the
    // innermost in the edited file is the line to look at): mark it when it is in the edited file.
    const panic = new RegExp(`${entry.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[:(](\\d+)[:,](\\d+)`).exec(v.error ?? "");
    const at = panic ? { line: Number(panic[1]), column: Number(panic[2]) } : v.at?.find((l) => l.file === entry);
    if (at) {
      lines.push(`  line    ${at.line}`);
      showDiagnostics([{ file: entry, line: at.line, column: at.column, message: `ERROR ${panic ? "panic" : "failed here"}: ${v.error}` }], $("diag").textContent ?? "");
    }
  }
  lines.push(`  time    ${v.ms.toFixed(2)} ms`);
  div.textContent = lines.join("\n");
  if (v.profiles?.length) {
    const button = document.createElement("button");
    button.className = "flame";
    button.textContent = "gas flame graph";
    button.onclick = () => showFlameGraph(v.title, v.profiles!);
    div.append(button);
  }
  $("log").prepend(div);
}

/**
 * Draws a call's gas flame graph under the editor: the CLI's SVG (cli/profile-files.ts) as wide as
 * the panel, inline so that each frame's tooltip (name, gas, share) shows on hover.
 */
function showFlameGraph(title: string, profiles: CallProfile[]): void {
  const panel = $("flame");
  const svg = flameGraphSvg(profiles, `gas of ${title}`, Math.max(400, panel.clientWidth - 2));
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  panel.replaceChildren(document.importNode(doc.documentElement, true));
}

function refreshFunctions(): void {
  const id = ($("contract") as HTMLSelectElement).value;
  const fns = deployed.get(id)?.schema?.functions ?? [];
  $("fn").replaceChildren(...fns.map((f: { name: string; input: string; output: string }) => new Option(`${f.name}(${f.input === "()" ? "" : f.input}) -> ${f.output}`, f.name)));
}

// ---- IndexedDB journal ------------------------------------------------------------------------
type Step = { op: "deploy"; name: string; entry: string; source: string; initArg?: unknown } | { op: "call"; id: string; fn: string; arg?: unknown } | { op: "commit" };
/** Steps up to the last commit, and since it: a reload in IndexedDB mode replays the first. */
let committed: Step[] = [];
let pending: Step[] = [];
const DB = "piecrust-as-playground";
function idb<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore("journal");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = f(open.result.transaction("journal", mode).objectStore("journal"));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    };
  });
}
const persistent = () => ($("storage") as HTMLSelectElement).value === "indexeddb";
async function journal(): Promise<Step[]> {
  return ((await idb("readonly", (s) => s.get("steps"))) as Step[] | undefined) ?? [];
}
async function saveJournal(steps: Step[] | null): Promise<void> {
  if (steps) await idb("readwrite", (s) => s.put(steps, "steps"));
  else await idb("readwrite", (s) => s.delete("steps"));
}

// ---- actions ----------------------------------------------------------------------------------
async function doBuild(): Promise<any> {
  status("building…");
  const r = await ask({ op: "build", entry, source: editor.state.doc.toString() });
  showDiagnostics(r.diagnostics, r.text);
  $("wasm").textContent = r.ok ? `${r.bytes} bytes, blake3 ${r.wasmHash}` : "build failed";
  status(r.ok ? `built in ${r.ms.toFixed(0)} ms` : "build failed");
  return r;
}

/** The JSON in the argument field (undefined when empty), or null after saying why it is not JSON. */
function argument(): { value: unknown } | null {
  const text = ($("arg") as HTMLInputElement).value.trim();
  if (!text) return { value: undefined };
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    status(`the argument is not JSON: ${(e as Error).message}`);
    return null;
  }
}

async function doDeploy(step?: Extract<Step, { op: "deploy" }>): Promise<void> {
  const arg = step ? { value: step.initArg } : argument();
  if (!arg) return;
  const s = step ?? { op: "deploy" as const, name: ($("example") as HTMLSelectElement).value, entry, source: editor.state.doc.toString(), initArg: arg.value };
  status("deploying…");
  const r = await ask({ op: "deploy", name: s.name, entry: s.entry, source: s.source, initArg: s.initArg });
  if (!r.ok) {
    if (r.diagnostics) showDiagnostics(r.diagnostics, r.error);
    logReceipt({ ok: false, title: `deploy ${s.name}`, error: r.error, events: [], callTree: [], ms: 0 });
    status("deploy failed");
    return;
  }
  deployed.set(r.id, { name: s.name, schema: r.schema });
  $("contract").append(new Option(`${s.name} ${r.id.slice(0, 16)}…`, r.id));
  ($("contract") as HTMLSelectElement).value = r.id;
  refreshFunctions();
  logReceipt({ ...r.view, title: `${r.view.title} → ${r.id}` });
  $("root").textContent = r.root;
  pending.push(s);
  status("deployed");
}

async function doCall(step?: Extract<Step, { op: "call" }>): Promise<void> {
  const arg = step ? { value: step.arg } : argument();
  if (!arg) return;
  const s = step ?? { op: "call" as const, id: ($("contract") as HTMLSelectElement).value, fn: ($("fn") as HTMLSelectElement).value, arg: arg.value };
  const r = await ask({ op: "call", id: s.id, fn: s.fn, arg: s.arg });
  logReceipt(r.view);
  $("root").textContent = r.root;
  if (r.view.ok) pending.push(s);
  status(r.view.ok ? "called" : "call failed: nothing changed");
}

async function doCommit(replaying = false): Promise<void> {
  const r = await ask({ op: "commit" });
  $("root").textContent = r.root;
  $("committed").textContent = r.root;
  committed.push(...pending, { op: "commit" });
  pending = [];
  if (!replaying && persistent()) await saveJournal(committed);
  status("committed");
}

async function doReset(): Promise<void> {
  const r = await ask({ op: "reset" });
  deployed.clear();
  $("contract").replaceChildren();
  $("fn").replaceChildren();
  $("root").textContent = r.root;
  $("committed").textContent = "";
  committed = [];
  pending = [];
  if (persistent()) await saveJournal(null);
  status("reset");
}

function guard(f: () => Promise<unknown>): () => void {
  return () => {
    f().catch((e: Error) => {
      status("host-sim bug (not the contract's fault): see the log");
      logReceipt({ ok: false, title: "HostSimBug", error: e.message, events: [], callTree: [], ms: 0 });
    });
  };
}

$("example").replaceChildren(...Object.keys(EXAMPLES).map((n) => new Option(n, n)));
($("example") as HTMLSelectElement).value = Object.entries(EXAMPLES).find(([, [e]]) => e === entry)?.[0] ?? "";
$("example").onchange = () => {
  const [e, text] = EXAMPLES[($("example") as HTMLSelectElement).value];
  entry = e;
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
  showDiagnostics([], "");
};
$("contract").onchange = refreshFunctions;
$("build").onclick = guard(doBuild);
$("deploy").onclick = guard(() => doDeploy());
$("call").onclick = guard(() => doCall());
$("commit").onclick = guard(() => doCommit());
$("reset").onclick = guard(doReset);
$("storage").onchange = guard(async () => {
  // The journal first: a reload right after the switch must find it when it finds the mode.
  await saveJournal(persistent() ? committed : null);
  localStorage.setItem("piecrust-as-playground.storage", ($("storage") as HTMLSelectElement).value);
});

async function start(): Promise<void> {
  ($("storage") as HTMLSelectElement).value = localStorage.getItem("piecrust-as-playground.storage") ?? "memory";
  $("root").textContent = (await ask({ op: "reset" })).root;
  if (persistent()) {
    status("replaying the saved state…");
    for (const s of await journal()) {
      if (s.op === "deploy") await doDeploy(s);
      else if (s.op === "call") await doCall(s);
      else await doCommit(true);
    }
  }
  status("ready");
  document.body.dataset.ready = "1";
}

// For the browser test and the curious: the editor and the actions.
(globalThis as any).playground = { editor, ask, source: (path: string) => Object.values(EXAMPLES).find(([e]) => e === path)?.[1] };
guard(start)();
