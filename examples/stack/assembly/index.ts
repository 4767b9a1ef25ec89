// Persistent collections. Contract memory is the storage: an Array, a Map or a nested object kept
// in a field survives calls, sessions and commits exactly like a number does, with no key-value
// API in between. Pages the call writes are what a commit hashes, so small changes stay cheap.

import { Option } from "../../../assembly/index";

@contract
class Stack {
  private items: Array<u64> = new Array<u64>();
  private names: Array<string> = new Array<string>();
  private boxed: Option<i16> = Option.none<i16>();

  /** Pushes a value; returns the new length. */
  push(value: u64): u32 {
    this.items.push(value);
    return <u32>this.items.length;
  }

  /** Pops the top value (None when empty). */
  pop(): Option<u64> {
    if (this.items.length == 0) return Option.none<u64>();
    return Option.some<u64>(this.items.pop());
  }

  /** The top value without removing it (None when empty). */
  peek(): Option<u64> {
    const n = this.items.length;
    return n == 0 ? Option.none<u64>() : Option.some<u64>(this.items[n - 1]);
  }

  len(): u32 {
    return <u32>this.items.length;
  }

  /** Sum of all values (walks the whole array: gas grows with its length). */
  sum(): u64 {
    let s: u64 = 0;
    for (let i = 0; i < this.items.length; i++) s += unchecked(this.items[i]);
    return s;
  }

  /** Pushes `count` values 0..count-1 in one call. */
  fill(count: u32): u32 {
    for (let i: u32 = 0; i < count; i++) this.items.push(<u64>i);
    return <u32>this.items.length;
  }

  clear(): void {
    this.items = new Array<u64>();
  }

  /** Appends a name to the string vector; returns its index. */
  add_name(name: string): u32 {
    this.names.push(name);
    return <u32>this.names.length - 1;
  }

  /** All names (a Vec<String> on the wire). */
  names_list(): Array<string> {
    return this.names;
  }

  /** Sets the box (Piecrust's `box` contract: an Option<i16>). */
  set_box(value: i16): void {
    this.boxed = Option.some<i16>(value);
  }

  get_box(): Option<i16> {
    return this.boxed;
  }
}
