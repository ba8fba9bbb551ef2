//! The blob store in a real browser: bytes are found again by their SHA-256, a hash that does not
//! match its bytes is refused, and a photo is downscaled to the size rule before it is stored.

use wasm_bindgen_test::*;

use super::repo::sha_hex;
use super::{Repo, StoreError};

wasm_bindgen_test_configure!(run_in_browser);

async fn repo() -> Repo {
    let name = format!("gendan-test-blobs-{}", js_sys::Math::random());
    Repo::open_in(
        &name,
        gendan_domain::Author {
            name: "tester".into(),
            device: "dev-test".into(),
        },
    )
    .await
    .expect("storage opens")
}

#[wasm_bindgen_test]
async fn blobs_are_found_by_their_hash() {
    let repo = repo().await;
    let bytes: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    let hash = repo.put_blob(&bytes).await.unwrap();
    assert_eq!(hash, sha_hex(&bytes));
    assert_eq!(hash.len(), 64);
    assert_eq!(repo.get_blob(&hash).await.unwrap(), Some(bytes.clone()));
    assert_eq!(
        repo.get_blob(&hash.to_ascii_uppercase()).await.unwrap(),
        Some(bytes)
    );
    assert_eq!(
        repo.get_blob(&sha_hex(b"never stored")).await.unwrap(),
        None
    );
}

#[wasm_bindgen_test]
async fn a_hash_that_does_not_match_is_refused() {
    let repo = repo().await;
    let wrong = sha_hex(b"other bytes");
    let err = repo.put_blob_as(&wrong, b"these bytes").await.unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
    assert_eq!(repo.get_blob(&wrong).await.unwrap(), None);
    repo.put_blob_as(&sha_hex(b"these bytes"), b"these bytes")
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn photos_made_here_wait_for_upload_and_fetched_ones_do_not() {
    let repo = repo().await;
    let heard = std::rc::Rc::new(std::cell::Cell::new(0));
    let h = heard.clone();
    repo.on_blob(move || h.set(h.get() + 1));
    let mine = repo.put_blob(b"taken here").await.unwrap();
    let second = repo.put_blob(b"also taken here").await.unwrap();
    repo.put_blob_as(&sha_hex(b"fetched"), b"fetched")
        .await
        .unwrap();
    assert_eq!(heard.get(), 2, "only photos made here ask for an upload");
    let mut waiting = repo.blobs_to_upload().await.unwrap();
    waiting.sort();
    let mut expected = vec![mine.clone(), second.clone()];
    expected.sort();
    assert_eq!(waiting, expected);
    repo.blob_uploaded(&mine).await.unwrap();
    assert_eq!(repo.blobs_to_upload().await.unwrap(), vec![second]);
    assert_eq!(
        repo.get_blob(&mine).await.unwrap().as_deref(),
        Some(&b"taken here"[..]),
        "uploading keeps the bytes on the device"
    );
}

/// A 2400 × 1000 canvas, exported as PNG and taken through the downscaler.
#[wasm_bindgen_test]
async fn photos_are_downscaled_to_the_size_rule() {
    use wasm_bindgen::JsCast;
    let doc = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(2400);
    canvas.set_height(1000);
    let (tx, rx) = futures::channel::oneshot::channel::<web_sys::Blob>();
    let cb = wasm_bindgen::closure::Closure::once(move |b: wasm_bindgen::JsValue| {
        let _ = tx.send(b.unchecked_into());
    });
    canvas.to_blob(cb.as_ref().unchecked_ref()).unwrap();
    let png = rx.await.unwrap();
    let (jpeg, w, h) = crate::photo::downscale(&png).await.unwrap();
    assert_eq!((w, h), (1600, 667));
    assert_eq!(&jpeg[..3], &[0xff, 0xd8, 0xff], "stored as JPEG");
    assert_eq!(crate::photo::fit_within(1200, 900, 1600), (1200, 900));
}
