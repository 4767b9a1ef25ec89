// Piecrust's contracts/everest: reads the session metadata "height" (a u64) as Option<u64>.
import { metaDataRaw, rkyv, Option } from "../../../assembly";

@contract
class Height {
  get_height(): Option<u64> {
    const raw = metaDataRaw("height");
    if (raw === null) return Option.none<u64>();
    return Option.some<u64>(rkyv.decode<u64>(raw.dataStart, <u32>raw.length));
  }
}
