// Piecrust's contracts/vector: push/pop of i16s on a heap vector.
import { Option } from "../../../assembly";

@contract
class Vector {
  a: Array<i16> = new Array<i16>();

  push(x: i16): void {
    this.a.push(x);
  }

  pop(): Option<i16> {
    return this.a.length == 0 ? Option.none<i16>() : Option.some<i16>(this.a.pop());
  }
}
