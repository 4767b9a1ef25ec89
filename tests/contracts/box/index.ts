// Piecrust's contracts/box: an Option<Box<i16>> — a heap cell created on the first `set`, which
// must survive across calls and sessions (the allocator's state lives in persisted memory).
import { Box, Option } from "../../../assembly";

@contract
class Boxen {
  a: Box<i16> | null = null;

  set(x: i16): void {
    const cell = this.a;
    if (cell === null) this.a = new Box<i16>(x);
    else cell.value = x;
  }

  get(): Option<i16> {
    const cell = this.a;
    return cell === null ? Option.none<i16>() : Option.some<i16>(cell.value);
  }
}
