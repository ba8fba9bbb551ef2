//! Protocol frames cut into data-channel messages and put back together.
//!
//! A WebSocket carries a frame of any size; an `RTCDataChannel` does not: browsers refuse
//! messages above the peer's `max-message-size` (64 KiB when unstated, 256 KiB in Chromium),
//! and large messages stall the channel for everything behind them. So each protocol frame
//! travels as pieces of at most [`PIECE`] bytes, each led by one byte: [`MORE`] when further
//! pieces of the same frame follow, [`LAST`] on the final one. The channel is reliable and
//! ordered, so nothing else is needed to reassemble.

/// Payload bytes per piece: 16 KiB is what every browser sends without trouble.
pub(crate) const PIECE: usize = 16 * 1024;
const MORE: u8 = 1;
const LAST: u8 = 0;

/// Cuts one frame into pieces, each led by its marker byte.
pub(crate) fn split(frame: &[u8]) -> Vec<Vec<u8>> {
    if frame.is_empty() {
        return vec![vec![LAST]];
    }
    let count = frame.len().div_ceil(PIECE);
    frame
        .chunks(PIECE)
        .enumerate()
        .map(|(i, part)| {
            let mut piece = Vec::with_capacity(part.len() + 1);
            piece.push(if i + 1 == count { LAST } else { MORE });
            piece.extend_from_slice(part);
            piece
        })
        .collect()
}

/// Why a sequence of pieces could not make a frame; the connection is then closed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PieceError {
    #[error("an empty data-channel message")]
    Empty,
    #[error("unknown piece marker {0}")]
    Marker(u8),
    #[error("a frame larger than {0} bytes")]
    TooLarge(usize),
}

/// Collects pieces until a frame is complete.
pub(crate) struct Joiner {
    buffer: Vec<u8>,
    max: usize,
}

impl Joiner {
    /// Frames above `max` bytes are refused (the peer is misbehaving).
    pub fn new(max: usize) -> Joiner {
        Joiner {
            buffer: Vec::new(),
            max,
        }
    }

    /// Adds one received piece; returns the frame when this piece completed it.
    pub fn push(&mut self, piece: &[u8]) -> Result<Option<Vec<u8>>, PieceError> {
        let (&marker, data) = piece.split_first().ok_or(PieceError::Empty)?;
        if marker != MORE && marker != LAST {
            return Err(PieceError::Marker(marker));
        }
        if self.buffer.len() + data.len() > self.max {
            self.buffer = Vec::new();
            return Err(PieceError::TooLarge(self.max));
        }
        self.buffer.extend_from_slice(data);
        Ok((marker == LAST).then(|| std::mem::take(&mut self.buffer)))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn frames_of_every_size_come_back_whole() {
        for len in [0, 1, PIECE - 1, PIECE, PIECE + 1, 3 * PIECE + 17] {
            let frame: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let pieces = split(&frame);
            assert_eq!(pieces.len(), len.div_ceil(PIECE).max(1));
            assert!(pieces.iter().all(|p| p.len() <= PIECE + 1));
            let mut j = Joiner::new(1 << 20);
            let mut out = None;
            for (i, p) in pieces.iter().enumerate() {
                let got = j.push(p).unwrap();
                assert_eq!(got.is_some(), i + 1 == pieces.len());
                out = got.or(out);
            }
            assert_eq!(out.unwrap(), frame);
        }
    }

    #[test]
    fn bad_pieces_are_refused() {
        let mut j = Joiner::new(10);
        assert_eq!(j.push(&[]), Err(PieceError::Empty));
        assert_eq!(j.push(&[7, 1, 2]), Err(PieceError::Marker(7)));
        assert_eq!(j.push(&[MORE; 8]), Ok(None));
        assert_eq!(j.push(&[LAST; 8]), Err(PieceError::TooLarge(10)));
        // After a refusal the joiner starts clean.
        assert_eq!(j.push(&[LAST, 9]), Ok(Some(vec![9])));
    }
}
