// Loaded first into as-pect's process (node --import) by `piecrust-as test`. binaryen, which
// as-pect loads, answers any uncaught exception by throwing it again from its own handler, and Node
// then prints the handler's source line (the whole of binaryen, 400 KB on one line) instead of the
// error. This handler runs before binaryen's and prints the error itself.
process.on("uncaughtException", (e: unknown) => {
  process.stderr.write(`\npiecrust-as test: as-pect stopped on an uncaught error:\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
