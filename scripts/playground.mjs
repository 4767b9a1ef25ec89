// `npm run playground`: bundles the browser playground (playground/) into playground/dist/ with
// esbuild; `npm run playground:serve [-- --port N]` builds it if needed and serves it on localhost.
//
// The page is static and self-contained: the compiler's inputs (the SDK, as-bignum, the examples
// and asconfig.json) are bundled as a virtual file tree, so nothing is fetched after load. Node's
// modules reach the bundle nowhere: host-sim's core imports none, its on-disk adapter is replaced
// by an absent one, asc and binaryen import theirs only after checking for Node, and the transform's
// three (path, url, fs) get browser versions: path-browserify, a file: URL reader and the virtual files.
import { build as esbuild } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PG = join(ROOT, "playground");
const OUT = join(PG, "dist");
const require = createRequire(import.meta.url);

function walk(dir, keep, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "__tests__" && name !== "node_modules") walk(p, keep, out);
    } else if (keep(p)) out.push(p);
  }
  return out;
}

/** Repository-relative path → text of every file the in-page compiler may read. */
export function compilerSources() {
  const files = {};
  const add = (p) => (files[relative(ROOT, p).split(sep).join("/")] = readFileSync(p, "utf8"));
  const ts = (p) => p.endsWith(".ts");
  for (const p of walk(join(ROOT, "assembly"), ts)) add(p);
  const bignum = dirname(require.resolve("as-bignum/package.json"));
  for (const p of walk(join(bignum, "assembly"), ts)) files[`node_modules/as-bignum/${relative(bignum, p).split(sep).join("/")}`] = readFileSync(p, "utf8");
  files["node_modules/as-bignum/package.json"] = readFileSync(join(bignum, "package.json"), "utf8");
  for (const ex of readdirSync(join(ROOT, "examples"))) {
    const dir = join(ROOT, "examples", ex, "assembly");
    if (existsSync(join(dir, "index.ts"))) for (const p of walk(dir, ts)) add(p);
  }
  // The same targets and options; the transform is handed to asc directly, not loaded by path.
  const config = JSON.parse(readFileSync(join(ROOT, "asconfig.json"), "utf8"));
  delete config.options.transform;
  files["asconfig.json"] = JSON.stringify(config, null, 2);
  return files;
}

const shim = (name) => join(PG, "src", "shims", name);

/** Maps what the browser cannot have to what it gets instead (see the header). */
const browserPlugin = {
  name: "piecrust-as-browser",
  setup(b) {
    b.onResolve({ filter: /^virtual:sources$/ }, () => ({ path: "sources", namespace: "virtual" }));
    b.onLoad({ filter: /.*/, namespace: "virtual" }, () => ({ contents: JSON.stringify(compilerSources()), loader: "json" }));
    const fromTransform = (importer) => importer.startsWith(join(ROOT, "transform") + sep);
    b.onResolve({ filter: /^node:path$/ }, (a) => (fromTransform(a.importer) ? { path: require.resolve("path-browserify") } : undefined));
    b.onResolve({ filter: /^node:url$/ }, (a) => (fromTransform(a.importer) ? { path: shim("url.ts") } : undefined));
    b.onResolve({ filter: /^node:fs$/ }, (a) => (fromTransform(a.importer) ? { path: shim("fs.ts") } : undefined));
    b.onResolve({ filter: /^(fs|module|path|url)$/ }, (a) =>
      /[\\/]node_modules[\\/](assemblyscript|binaryen)[\\/]/.test(a.importer) ? { path: shim("absent.ts") } : undefined);
    b.onResolve({ filter: /[\\/](disk-store|prepared-cache)\.js$/ }, (a) => (a.importer.startsWith(join(ROOT, "host-sim") + sep) ? { path: shim("no-disk.ts") } : undefined));
    // The transform finds the SDK next to itself: in the page, under the virtual root.
    b.onLoad({ filter: /[\\/]transform[\\/]index\.ts$/ }, (a) => ({
      contents: readFileSync(a.path, "utf8").replaceAll("import.meta.url", JSON.stringify("file:///p/transform/index.ts")),
      loader: "ts",
    }));
  },
};

/** Builds playground/dist; returns esbuild's metafile (which inputs went into which output). */
export async function buildPlayground({ minify = true } = {}) {
  mkdirSync(OUT, { recursive: true });
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: { main: join(PG, "src", "main.ts"), worker: join(PG, "src", "worker.ts") },
    outdir: OUT,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify,
    metafile: true,
    logLevel: "warning",
    plugins: [browserPlugin],
  });
  for (const f of ["index.html", "style.css"]) copyFileSync(join(PG, f), join(OUT, f));
  return result.metafile;
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png" };

/** Serves playground/dist on 127.0.0.1:`port` (0: any free port); resolves to the server. */
export function servePlayground(port) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const file = resolve(OUT, "." + (path === "/" ? "/index.html" : decodeURIComponent(path)));
    if (!file.startsWith(OUT + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok, fail) => server.once("error", fail).listen(port, "127.0.0.1", () => ok(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [cmd = "build", ...rest] = process.argv.slice(2);
  if (cmd !== "build" && cmd !== "serve") {
    console.error("usage: node scripts/playground.mjs build|serve [--port N]");
    process.exit(2);
  }
  if (cmd === "build" || !existsSync(join(OUT, "main.js"))) {
    const t = Date.now();
    await buildPlayground();
    const size = readdirSync(OUT).reduce((n, f) => n + statSync(join(OUT, f)).size, 0);
    console.error(`playground: built ${relative(ROOT, OUT)}/ (${(size / 1e6).toFixed(1)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  if (cmd === "serve") {
    const i = rest.indexOf("--port");
    const server = await servePlayground(i >= 0 ? Number(rest[i + 1]) : 8023);
    console.error(`playground: http://localhost:${server.address().port}/ (Ctrl-C stops)`);
  }
}
