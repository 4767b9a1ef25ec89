// Mirrors piecrust/src/error.rs (the PersistenceError / ContractPositionCollision variants the store raises).
// Divergence: one StoreError class with a string `code`; the engine maps it to its VMError.

export type StoreErrorCode =
  | "PersistenceError" // corrupt/missing file, unknown base commit, failed write
  | "ContractPositionCollision" // two ids with the same position_from_contract
  | "ContractDoesNotExist" // a change for an existing contract the base does not hold
  | "InvalidChange" // a malformed ContractChange (missing bytecode, bad page, bad memLen)
  | "StoreInUse" // another live process holds the LOCK
  | "LockNotRemoved" // close() could not remove this process's LOCK (the store is closed all the same)
  | "StoreClosed";

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
    this.code = code;
  }
}
