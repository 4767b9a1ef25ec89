// A contract that reads Dusk's chain metadata and calls a Dusk host query: it runs on the Dusk
// profile only (as-pect.dusk.config.js).
import { blockHeight, chainId, sha256 } from "piecrust-as/assembly/dusk";

@contract
class Teller {
  height(): u64 {
    return blockHeight();
  }

  chain(): u8 {
    return chainId();
  }

  digest(data: Array<u8>): Array<u8> {
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) bytes[i] = data[i];
    const d = sha256(bytes);
    const out = new Array<u8>(d.length);
    for (let i = 0; i < d.length; i++) out[i] = d[i];
    return out;
  }
}
