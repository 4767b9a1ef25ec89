// Piecrust's contracts/empty_initializer: an `init` without arguments that sets 0x10.

@contract
class EmptyInitializer {
  value: u8 = 0;

  @init
  init_value(): void {
    this.value = 0x10;
  }

  read_value(): u8 {
    return this.value;
  }

  increment(): void {
    this.value += 1;
  }
}
