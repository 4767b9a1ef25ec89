// Piecrust's contracts/stack (an nstack there): push/pop/len of i32s on a heap array.
import { Option } from "../../../assembly";

@contract
class Stack {
  inner: Array<i32> = new Array<i32>();

  push(elem: i32): void {
    this.inner.push(elem);
  }

  pop(): Option<i32> {
    return this.inner.length == 0 ? Option.none<i32>() : Option.some<i32>(this.inner.pop());
  }

  len(): u32 {
    return <u32>this.inner.length;
  }
}
