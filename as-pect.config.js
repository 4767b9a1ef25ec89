// as-pect 8.1.0 configuration (ESM, since package.json has "type": "module").
// Compiler options come from ./as-pect.asconfig.json (as-pect's default path).
// Runs every spec under assembly/__tests__.
export default {
  entries: ["assembly/__tests__/**/*.spec.ts"],
  include: ["assembly/__tests__/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({
      env: {
        memory,
        // as-pect only records abort messages; throwing makes `expect(fn).toThrow()`
        // observe aborts (contracts route abort to a trapping panic as well).
        abort() {
          throw new WebAssembly.RuntimeError("abort");
        },
      },
    }));
  },
  outputBinary: false,
};
