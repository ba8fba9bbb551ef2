//! Protocol frames cut into data-channel messages and put back together.
//!
//! A WebSocket carries a frame of any size; an `RTCDataChannel` does not: browsers refuse
//! messages above the peer's `max-message-size` (64 KiB when unstated, 256 KiB in Chromium),
//! and large messages stall the channel for everything behind them. So each protocol frame
//! travels as pieces of at most [`PIECE`] bytes, each led by one byte: [`MORE`] when further
//! pieces of the same frame follow, [`LAST`] on the final one. The channel is reliable and
//! ordered, so nothing else is needed to reassemble.
//!
//! Three streams share the channel: protocol frames ([`Stream::Protocol`], markers 1 and 0),
//! photo and file frames ([`Stream::Files`], markers 3 and 2, see [`super::blob_swap`]) and the
//! bundle a fresh device receives first ([`Stream::Bundle`], markers 5 and 4, see
//! [`super::peer_bundle`]). A frame's pieces are queued together, so pieces of two frames never
//! interleave.

/// Payload bytes per piece: 16 KiB is what every browser sends without trouble.
pub(crate) const PIECE: usize = 16 * 1024;
const MORE: u8 = 1;
const LAST: u8 = 0;
const FILES_MORE: u8 = 3;
const FILES_LAST: u8 = 2;
const BUNDLE_MORE: u8 = 5;
const BUNDLE_LAST: u8 = 4;

/// Which of the channel's two streams a frame belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    /// The automerge-repo protocol ([`super::session`]).
    Protocol,
    /// Photos and files ([`super::blob_swap`]).
    Files,
    /// Documents sent as a bundle before the protocol syncs ([`super::peer_bundle`]).
    Bundle,
}

impl Stream {
    fn markers(self) -> (u8, u8) {
        match self {
            Stream::Protocol => (MORE, LAST),
            Stream::Files => (FILES_MORE, FILES_LAST),
            Stream::Bundle => (BUNDLE_MORE, BUNDLE_LAST),
        }
    }
}

/// Cuts one protocol frame into pieces, each led by its marker byte.
pub(crate) fn split(frame: &[u8]) -> Vec<Vec<u8>> {
    split_as(Stream::Protocol, frame)
}

/// Cuts one frame of `stream` into pieces, each led by its marker byte.
pub(crate) fn split_as(stream: Stream, frame: &[u8]) -> Vec<Vec<u8>> {
    let (more, last) = stream.markers();
    if frame.is_empty() {
        return vec![vec![last]];
    }
    let count = frame.len().div_ceil(PIECE);
    frame
        .chunks(PIECE)
        .enumerate()
        .map(|(i, part)| {
            let mut piece = Vec::with_capacity(part.len() + 1);
            piece.push(if i + 1 == count { last } else { more });
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
    #[error("pieces of two streams mixed in one frame")]
    Mixed,
}

/// Collects pieces until a frame is complete.
pub(crate) struct Joiner {
    buffer: Vec<u8>,
    /// The stream of the frame being collected, once its first piece arrived.
    stream: Option<Stream>,
    max: usize,
}

impl Joiner {
    /// Frames above `max` bytes are refused (the peer is misbehaving).
    pub fn new(max: usize) -> Joiner {
        Joiner {
            buffer: Vec::new(),
            stream: None,
            max,
        }
    }

    /// Adds one received piece; returns the frame and its stream when this piece completed it.
    pub fn push(&mut self, piece: &[u8]) -> Result<Option<(Stream, Vec<u8>)>, PieceError> {
        let (&marker, data) = piece.split_first().ok_or(PieceError::Empty)?;
        let (stream, last) = match marker {
            MORE => (Stream::Protocol, false),
            LAST => (Stream::Protocol, true),
            FILES_MORE => (Stream::Files, false),
            FILES_LAST => (Stream::Files, true),
            BUNDLE_MORE => (Stream::Bundle, false),
            BUNDLE_LAST => (Stream::Bundle, true),
            other => return Err(PieceError::Marker(other)),
        };
        if self.stream.is_some_and(|s| s != stream) {
            self.buffer = Vec::new();
            self.stream = None;
            return Err(PieceError::Mixed);
        }
        if self.buffer.len() + data.len() > self.max {
            self.buffer = Vec::new();
            self.stream = None;
            return Err(PieceError::TooLarge(self.max));
        }
        self.buffer.extend_from_slice(data);
        if !last {
            self.stream = Some(stream);
            return Ok(None);
        }
        self.stream = None;
        Ok(Some((stream, std::mem::take(&mut self.buffer))))
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
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
            assert_eq!(out.unwrap(), (Stream::Protocol, frame.clone()));
            for stream in [Stream::Files, Stream::Bundle] {
                let mut j = Joiner::new(1 << 20);
                let mut out = None;
                for p in split_as(stream, &frame) {
                    out = j.push(&p).unwrap().or(out);
                }
                assert_eq!(out.unwrap(), (stream, frame.clone()));
            }
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn pieces_of_two_streams_never_make_one_frame() {
        let frame = vec![5u8; PIECE + 10];
        let (proto, files) = (split(&frame), split_as(Stream::Files, &frame));
        let mut j = Joiner::new(1 << 20);
        assert_eq!(j.push(&proto[0]), Ok(None));
        assert_eq!(j.push(&files[1]), Err(PieceError::Mixed));
        // After the refusal the joiner starts clean, with either stream.
        assert_eq!(j.push(&files[0]), Ok(None));
        assert_eq!(j.push(&files[1]), Ok(Some((Stream::Files, frame))));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn bad_pieces_are_refused() {
        let mut j = Joiner::new(10);
        assert_eq!(j.push(&[]), Err(PieceError::Empty));
        assert_eq!(j.push(&[7, 1, 2]), Err(PieceError::Marker(7)));
        assert_eq!(j.push(&[MORE; 8]), Ok(None));
        assert_eq!(j.push(&[LAST; 8]), Err(PieceError::TooLarge(10)));
        // After a refusal the joiner starts clean.
        assert_eq!(j.push(&[LAST, 9]), Ok(Some((Stream::Protocol, vec![9]))));
    }
}
