// Port of piecrust/tests/debugger.rs: debug output (hdebug) of a debug build, in a debug session.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, newSession } from "./support/piecrust.js";

test("debug", async () => {
  const { session } = await newSession({ debug: true });
  const { id } = await deploy(session, "debugger", { debug: true });
  call(session, id, "debug", "String", "Hello world", "()");
  assert.deepEqual(session.debugOutput(), ["What a string! Hello world"]);
});
