// Modules the bundler provides (scripts/playground.mjs).
declare module "virtual:sources" {
  /** Repository-relative path → text of the files the in-page compiler reads. */
  const files: Record<string, string>;
  export default files;
}
declare module "path-browserify" {
  import path from "node:path";
  export = path;
}
