// Piecrust's contracts/initializer: `init(u8)` sets the state at deploy; the host never lets it
// run again. The SDK exports the @init method as `init`.

@contract
class Initializer {
  value: u8 = 0;

  @init
  init_value(value: u8): void {
    this.value = value;
  }

  read_value(): u8 {
    return this.value;
  }

  increment(): void {
    this.value += 1;
  }
}
