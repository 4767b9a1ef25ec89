// piecrust-as init [dir]: scaffolds a contract project from templates/project/ (shipped in the
// package). Template text has {{project}}, {{name}}, {{Class}}, {{sdk}}, {{aspect}}, {{typescript}}
// and {{typesNode}} filled in, and a path segment __name__ becomes the contract's name; `gitignore`
// is written as .gitignore (npm never packs a file named .gitignore).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CliError, UsageError } from "./args.js";
import { reason } from "./files.js";

const PKG_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const TEMPLATE_DIR = join(PKG_ROOT, "templates", "project");

export const INIT_HELP = `usage: piecrust-as init [dir] [options]

Creates a contract project in dir (default: the current folder): package.json with the asbuild,
test and deploy scripts, asconfig.json, an as-pect configuration, contracts/<name>/index.ts with an
as-pect spec, a node:test file that deploys the built contract into host-sim through its typed
client (build/<name>.client.ts), tsconfig.json, .gitignore and a
README. Existing files are never overwritten: init stops and names them.

options:
  --name NAME     the contract's name (default counter): contracts/NAME/index.ts
  --sdk PATH      depend on piecrust-as from a local checkout or a tarball made by npm pack
                  (default: piecrust-as at this version from the npm registry)
  -h, --help      this text

then:
  cd dir && npm install && npm test`;

interface PackageJson {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

function ownPackage(): PackageJson {
  return JSON.parse(readFileSync(join(PKG_ROOT, "package.json"), "utf8")) as PackageJson;
}

/** Every template file, as a path relative to the template folder. */
function templateFiles(dir = TEMPLATE_DIR, prefix = ""): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? templateFiles(join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`]));
}

function targetPath(templatePath: string, name: string): string {
  const parts = templatePath.split("/").map((p) => p.replaceAll("__name__", name));
  if (parts[parts.length - 1] === "gitignore") parts[parts.length - 1] = ".gitignore";
  return parts.join("/");
}

/** An npm package name from a folder name: lower case, letters, digits, '-', '.', '_'. */
function projectName(dir: string): string {
  const n = basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+|-+$/g, "");
  return n || "contracts";
}

function className(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

/** The devDependency on piecrust-as: the exact version, or `file:` a checkout or tarball. */
function sdkSpec(sdk: string | undefined, projectDir: string, version: string): string {
  if (sdk === undefined) return version;
  const abs = resolve(sdk);
  if (!existsSync(abs)) throw new CliError(`--sdk ${sdk} does not exist (give a piecrust-as checkout or a tarball made by npm pack)`);
  const isDir = statSync(abs).isDirectory();
  if (isDir && !existsSync(join(abs, "package.json"))) throw new CliError(`--sdk ${sdk} is a folder without package.json, not a piecrust-as checkout`);
  if (!isDir && !/\.(tgz|tar\.gz)$/.test(abs)) throw new CliError(`--sdk ${sdk} is neither a folder nor a .tgz tarball`);
  // Relative to the new project when it can be, so the project keeps working if both move together.
  const rel = relative(projectDir, abs);
  return `file:${isAbsolute(rel) ? abs : rel.split(sep).join("/")}`;
}

export async function init(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { name: { type: "string" }, sdk: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(INIT_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`init takes at most one folder, got ${positionals.length}: ${positionals.join(" ")}`);
  const name = values.name ?? "counter";
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new UsageError(`--name must start with a lower-case letter and use only a-z, 0-9 and _ (it names a folder, a file and an AssemblyScript class), got ${JSON.stringify(name)}`);
  const dir = resolve(positionals[0] ?? ".");
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CliError(`${dir} exists and is not a folder`);
  const own = ownPackage();
  const vars: Record<string, string> = {
    project: projectName(dir),
    name,
    Class: className(name),
    sdk: sdkSpec(values.sdk, dir, own.version),
    aspect: own.dependencies["@as-pect/cli"],
    // The project's typed-client test compiles with the TypeScript this package is checked with.
    typescript: own.devDependencies.typescript,
    typesNode: own.devDependencies["@types/node"],
  };
  const files = templateFiles().map((t) => ({ template: t, target: targetPath(t, name) }));
  const taken = files.filter((f) => existsSync(join(dir, f.target))).map((f) => f.target);
  if (taken.length) throw new CliError(`not overwriting existing files in ${dir}: ${taken.join(", ")} (move them away, or init another folder)`);
  const texts = files.map((f) => readFileSync(join(TEMPLATE_DIR, f.template), "utf8").replace(/\{\{(\w+)\}\}/g, (m, k: string) => vars[k] ?? m));
  createAll(dir, files.map((f, i) => ({ target: f.target, text: texts[i] })));
  console.log(`piecrust-as init: a new project in ${dir}`);
  for (const f of files) console.log(`created   ${f.target}`);
  const rel = relative(process.cwd(), dir);
  const cd = rel === "" ? "" : rel.startsWith("..") || isAbsolute(rel) ? dir : rel;
  console.log(`\nnext:\n  ${cd ? `cd ${cd} && ` : ""}npm install && npm test\n  npm run deploy && npx piecrust-as call ${name} add 5`);
  return 0;
}

/**
 * Creates every file, none of which may exist yet; when one cannot be created, what this call made
 * (files and folders) is removed again and the error names the file, so a failed init leaves the
 * folder as it was.
 */
function createAll(dir: string, files: { target: string; text: string }[]): void {
  const made: string[] = [];
  let out = dir;
  try {
    for (const f of files) {
      out = join(dir, f.target);
      const folder = mkdirSync(dirname(out), { recursive: true });
      if (folder !== undefined) made.push(folder);
      writeFileSync(out, f.text, { flag: "wx" });
      made.push(out);
    }
  } catch (e) {
    for (const p of made.reverse()) rmSync(p, { recursive: true, force: true });
    throw new CliError(`cannot create ${out}: ${reason(e)} (init needs a folder it can write to: choose another, or check the permissions)`);
  }
}
