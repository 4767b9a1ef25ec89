// Piecrust's contracts/debugger: formats a debug message (hdebug; debug builds only) and panics.
import { debug as hostDebug, panicStr } from "../../../assembly";

@contract
class Debug {
  debug(s: string): void {
    hostDebug("What a string! " + s);
  }

  panic(): void {
    panicStr("It's never too late to panic");
  }
}
