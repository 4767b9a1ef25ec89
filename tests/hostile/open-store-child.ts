// Child process for store.test.ts: opens a VM store directory and reports the outcome as one JSON
// line. With "hold" it keeps the store open until killed (to leave a lock behind).
import { VM, VMError } from "../../host-sim/index.js";

const [dir, mode] = process.argv.slice(2);
try {
  const vm = await VM.open(dir);
  process.stdout.write(JSON.stringify({ ok: true, commits: vm.commits().length }) + "\n");
  if (mode === "hold") setInterval(() => {}, 1000);
  else vm.close();
} catch (e) {
  process.stdout.write(
    JSON.stringify({ ok: false, vmError: e instanceof VMError, code: (e as VMError).code, message: (e as Error).message }) + "\n",
  );
}
