// Validation error codes. A code plus the archive position is recorded by the
// reader (no allocation on the success path); the text is only built when a
// caller asks for it. Texts follow rkyv's bytecheck messages where one exists.

export const ERR_NONE: i32 = 0;
export const ERR_ROOT_TOO_SMALL: i32 = 1;
export const ERR_ROOT_UNALIGNED: i32 = 2;
export const ERR_PTR_OUT_OF_BOUNDS: i32 = 3;
export const ERR_PTR_OVERRUN: i32 = 4;
export const ERR_PTR_UNALIGNED: i32 = 5;
export const ERR_SUBTREE_OUT_OF_BOUNDS: i32 = 6;
export const ERR_SUBTREE_OVERRUN: i32 = 7;
export const ERR_BOOL: i32 = 8;
export const ERR_CHAR: i32 = 9;
export const ERR_ENUM_TAG: i32 = 10;
export const ERR_UTF8: i32 = 11;
export const ERR_INLINE_STRING_LEN: i32 = 12;
export const ERR_LENGTH: i32 = 13;
export const ERR_BTREE: i32 = 14;
export const ERR_NONZERO: i32 = 15;

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
