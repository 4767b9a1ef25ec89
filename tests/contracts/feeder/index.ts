// Piecrust's contracts/feeder: feeds numbers to the host's feeder channel.
import { feed, feedRaw } from "../../../assembly";

@contract
class Feeder {
  feed_num(num: u32): void {
    for (let i: u32 = 0; i < num; i++) feed<u32>(i);
  }

  feed_num_raw(num: u32): void {
    for (let i: u32 = 0; i < num; i++) {
      const b = new Uint8Array(4);
      store<u32>(b.dataStart, i);
      feedRaw(b);
    }
  }
}
