// How generated code names the SDK (piecrust-as/assembly), so it reaches the same files the user's
// own imports reach: asc keys a module by its path, and one file under two paths would be two
// modules (two argument buffers). Inside this repository contracts import the SDK by a relative
// path; everywhere else (a user project, an installed package under node_modules) as the package.
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

export const SDK_PACKAGE_IMPORT = "piecrust-as/assembly";

function toPosix(p: string): string {
  return p.split(sep).join("/");
}

/** A relative import specifier from the file `fromFile` to `toPath` ("./x" or "../x"). */
export function relativeSpecifier(fromFile: string, toPath: string): string {
  let spec = toPosix(relative(dirname(fromFile), toPath));
  if (!spec.startsWith(".")) spec = "./" + spec;
  return spec;
}

/** The SDK's import specifier for the user file `normalizedPath` (relative to `baseDir`). */
export function sdkSpecifier(baseDir: string, sdkDir: string, normalizedPath: string): string {
  // A file of the installed SDK itself (asc names it ~lib/piecrust-as/…) reaches it as the package.
  if (normalizedPath.startsWith("~lib/piecrust-as/")) return SDK_PACKAGE_IMPORT;
  const rel = relative(baseDir, sdkDir);
  if (rel.startsWith("..") || isAbsolute(rel) || rel.split(sep).includes("node_modules")) return SDK_PACKAGE_IMPORT;
  return relativeSpecifier(resolve(baseDir, normalizedPath), sdkDir);
}
