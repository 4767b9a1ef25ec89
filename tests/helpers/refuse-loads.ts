// A child process's module loading, refused on purpose: a `node --import` argument whose hook fails
// the import of any file whose URL contains one of `refused`, naming it ("REFUSED LOAD: <url>").
// Tests use it to show what a command or entry point never loads.

/** The value of `--import` that installs the hook. */
export function refuseLoads(refused: string[]): string {
  const hook = `data:text/javascript,${encodeURIComponent(`
const REFUSED = ${JSON.stringify(refused)};
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (REFUSED.some((p) => r.url.includes(p))) throw new Error("REFUSED LOAD: " + r.url);
  return r;
}`)}`;
  return `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hook)});`)}`;
}
