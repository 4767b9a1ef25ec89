// Validation error codes. A code plus the archive position is recorded by the
// reader (no allocation on the success path); the text is only built when a
// caller asks for it. Texts follow rkyv's bytecheck messages where one exists.

/** Validation error code: no validation error. */
export const ERR_NONE: i32 = 0;
/** Validation error code: the buffer is too small to hold the root object. */
export const ERR_ROOT_TOO_SMALL: i32 = 1;
/** Validation error code: the root object's position is not aligned for its type. */
export const ERR_ROOT_UNALIGNED: i32 = 2;
/** Validation error code: a relative pointer points outside the buffer. */
export const ERR_PTR_OUT_OF_BOUNDS: i32 = 3;
/** Validation error code: the object a relative pointer targets runs past the end of the buffer. */
export const ERR_PTR_OVERRUN: i32 = 4;
/** Validation error code: a relative pointer's target is not aligned for its type. */
export const ERR_PTR_UNALIGNED: i32 = 5;
/**
 * Validation error code: a pointer targets memory outside the subtree its parent may claim (rkyv's
 * subtree-range check).
 */
export const ERR_SUBTREE_OUT_OF_BOUNDS: i32 = 6;
/** Validation error code: a pointer's target overruns the subtree range its parent may claim. */
export const ERR_SUBTREE_OVERRUN: i32 = 7;
/** Validation error code: a `bool` byte is neither 0 nor 1. */
export const ERR_BOOL: i32 = 8;
/** Validation error code: a `char` is a surrogate or above 0x10FFFF. */
export const ERR_CHAR: i32 = 9;
/** Validation error code: an enum (or `Option`) tag names no variant. */
export const ERR_ENUM_TAG: i32 = 10;
/** Validation error code: a string's bytes are not valid UTF-8. */
export const ERR_UTF8: i32 = 11;
/** Validation error code: an inline-archived string claims more than 7 bytes. */
export const ERR_INLINE_STRING_LEN: i32 = 12;
/** Validation error code: the archive length does not match the type's archived size. */
export const ERR_LENGTH: i32 = 13;
/** Validation error code: an archived B-tree map is malformed (bad node structure or key order). */
export const ERR_BTREE: i32 = 14;
/** Validation error code: a non-zero integer (`NonZeroU64` etc.) is 0. */
export const ERR_NONZERO: i32 = 15;

/**
 * The message for a validation error code (one of the `ERR_*` constants), following rkyv's bytecheck
 * wording where one exists; "unknown error" for other codes.
 */
export function errorText(code: i32): string {
  switch (code) {
    case ERR_NONE: return "ok";
    case ERR_ROOT_TOO_SMALL: return "buffer too small for the root object";
    case ERR_ROOT_UNALIGNED: return "unaligned root object";
    case ERR_PTR_OUT_OF_BOUNDS: return "pointer out of bounds";
    case ERR_PTR_OVERRUN: return "pointer overran buffer";
    case ERR_PTR_UNALIGNED: return "unaligned pointer";
    case ERR_SUBTREE_OUT_OF_BOUNDS: return "subtree pointer out of bounds";
    case ERR_SUBTREE_OVERRUN: return "subtree pointer overran range";
    case ERR_BOOL: return "check failed for bool: expected 0 or 1";
    case ERR_CHAR: return "check failed for char: invalid value";
    case ERR_ENUM_TAG: return "invalid tag for enum";
    case ERR_UTF8: return "utf8 error: invalid utf-8 sequence";
    case ERR_INLINE_STRING_LEN: return "inline string length over 7";
    case ERR_LENGTH: return "archive length does not match the type";
    case ERR_BTREE: return "invalid B-tree map";
    case ERR_NONZERO: return "check failed for non-zero integer: found 0";
  }
  return "unknown error";
}
