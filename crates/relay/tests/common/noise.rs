//! Text that compresses poorly, for tests whose stored sizes must follow what they write (the
//! document quota).

/// `len` printable characters from `seed` (xorshift): deflate saves little on them.
pub fn noise(seed: u64, len: usize) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b' ' + (x % 95) as u8)
        })
        .collect()
}
