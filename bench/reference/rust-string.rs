// The Rust side of the string budget (issue 6): what a Rust contract does for `fn(String) -> String`
// under piecrust-uplink's wrap_call with rkyv 0.7 (check_archived_root, deserialize into a String,
// serialize the result into the argbuf, zero the 1 KiB scratch buffer), written from
// ../shared/docs/rkyv-format.md because crates.io is out of reach here; it is not rkyv's code.
// Built into rust-string.wasm (committed; `npm run bench` compares its gas with the AS contract's):
//   apt-get install rustc libstd-rust-dev-wasm32      # Debian's rustc 1.63 with the wasm32 std
//   RUSTC_BOOTSTRAP=1 /usr/bin/rustc --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown \
//     -C opt-level=3 -C panic=abort -C lto -C strip=symbols -C target-feature=+bulk-memory \
//     -o bench/reference/rust-string.wasm bench/reference/rust-string.rs
// bulk-memory is on as in Rust >= 1.87 (so memcpy is one 1-gas memory.copy, as for the AS side).
use std::string::String;

#[no_mangle]
pub static mut A: [u64; 8192] = [0; 8192];

static mut KEPT: Option<String> = None;

#[inline(never)]
unsafe fn arg(len: u32) -> &'static [u8] {
    core::slice::from_raw_parts(A.as_ptr() as *const u8, len as usize)
}

// check_archived_root::<String> + deserialize: the root object is the last 8 bytes.
#[inline(never)]
unsafe fn read_string(buf: &[u8]) -> String {
    let n = buf.len();
    if n < 8 { panic!() }
    let at = n - 8;
    if at % 4 != 0 { panic!() }
    let obj = &buf[at..];
    let bytes: &[u8] = if obj[7] & 0x80 == 0 {
        let l = obj[7] as usize;
        if l > 7 { panic!() }
        &obj[..l]
    } else {
        let l = u32::from_le_bytes([obj[0], obj[1], obj[2], obj[3]]) as usize;
        let off = i32::from_le_bytes([obj[4], obj[5], obj[6], obj[7]]) as isize;
        let start = at as isize + off;
        if start < 0 || start as usize + l > at { panic!() }
        &buf[start as usize..start as usize + l]
    };
    let s = core::str::from_utf8(bytes).unwrap();
    String::from(s)
}

// BufferSerializer: bytes first (out-of-line), then the 8-byte object aligned to 4.
#[inline(never)]
unsafe fn write_string(s: &str) -> u32 {
    let scratch = [0u8; 1024]; // uplink's scratch buffer, zeroed per call
    core::ptr::read_volatile(&scratch[5]);
    let out = core::slice::from_raw_parts_mut(A.as_mut_ptr() as *mut u8, 65536);
    let b = s.as_bytes();
    let mut pos = 0usize;
    if b.len() <= 7 {
        out[..8].fill(0);
        out[..b.len()].copy_from_slice(b);
        out[7] = b.len() as u8;
        return 8;
    }
    out[..b.len()].copy_from_slice(b);
    pos += b.len();
    let at = (pos + 3) & !3;
    out[pos..at].fill(0);
    out[at..at + 4].copy_from_slice(&(b.len() as u32).to_le_bytes());
    out[at + 4..at + 8].copy_from_slice(&(-(at as i32)).to_le_bytes());
    (at + 8) as u32
}

#[no_mangle]
pub unsafe extern "C" fn noop(_len: u32) -> u32 { 0 }

#[no_mangle]
pub unsafe extern "C" fn take_string(len: u32) -> u32 {
    let s = read_string(arg(len));
    core::ptr::read_volatile(&s.as_bytes()[0]);
    0
}

#[no_mangle]
pub unsafe extern "C" fn keep_string(len: u32) -> u32 {
    KEPT = Some(read_string(arg(len)));
    0
}

#[no_mangle]
pub unsafe extern "C" fn give_string(_len: u32) -> u32 {
    let s = KEPT.as_ref().unwrap();
    write_string(s)
}

#[no_mangle]
pub unsafe extern "C" fn echo_string(len: u32) -> u32 {
    let s = read_string(arg(len));
    write_string(&s)
}
