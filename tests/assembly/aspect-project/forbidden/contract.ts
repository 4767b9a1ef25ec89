@contract
class Dice {
  roll(): u64 {
    return <u64>(Math.random() * 6) + 1;
  }
}
