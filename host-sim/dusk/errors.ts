// The Dusk profile's own errors (no Piecrust counterpart: they are about host-sim's configuration).

/**
 * A contract called a Dusk host query that host-sim cannot compute exactly (verify_bls, say) and
 * the embedder supplied no implementation for. It aborts the whole call (state reverted) and
 * reaches the embedder, whatever the call depth: no contract ever sees a made-up answer.
 */
export class DuskQueryUnsupported extends Error {
  /** Always "UnsupportedHostQuery", so it can be told apart like a VMError code. */
  readonly code = "UnsupportedHostQuery";
  /**
   * @param query The host query's name.
   * @param reason Why host-sim cannot compute it for this argument.
   */
  constructor(readonly query: string, readonly reason: string) {
    super(
      `host-sim cannot compute the Dusk host query ${query} exactly for this argument: ${reason}; ` +
        `supply one with VM options { profile: "dusk", dusk: { queries: { ${query}: (arg) => … } } } (see docs/dusk-profile.md)`,
    );
    this.name = "DuskQueryUnsupported";
  }
}

/** A bad Dusk profile option (an unknown hard fork, a chain id that is not a u8…). */
export class DuskProfileError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = "DuskProfileError";
  }
}

/**
 * Where rusk's node panics inside a Dusk host query (dusk-poseidon's `expect` on an empty input,
 * dusk-jubjub's `unwrap` of the inverse of a zero z): thrown from the query's execution, so host-sim
 * treats it as Piecrust treats a panicking host query (`Panic("host query panicked")` when contained).
 */
export class DuskQueryPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DuskQueryPanic";
  }
}
