//! Tab to tab: every batch one tab writes to IndexedDB is announced on a `BroadcastChannel`, and
//! the other tabs (and the installed app) of this device apply it to the documents they hold.
//!
//! The writer has already persisted the bytes, so receivers only update memory. Without this, two
//! tabs on one order would each show a stale copy; their writes would still merge on the next load,
//! but a user would see the other tab's edit only after a reload.

use std::rc::Rc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

use super::idb::{CHUNKS, SUMMARIES};
use super::repo::{Repo, Summary, Write};
use gendan_domain::sorting::sort_dedup;

pub(crate) struct Tabs {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

fn entry(store: &str, key: &JsValue, value: &JsValue) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"store".into(), &store.into());
    let _ = Reflect::set(&o, &"key".into(), key);
    let _ = Reflect::set(&o, &"value".into(), value);
    o.into()
}

impl Repo {
    /// Starts listening to the other tabs; `on_change` hears which documents changed.
    pub fn connect_tabs(&self, channel_name: &str, on_change: impl Fn(Vec<String>) + 'static) {
        let Ok(channel) = BroadcastChannel::new(channel_name) else {
            return;
        };
        let weak = Rc::downgrade(&self.inner);
        let db = self.db.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(inner) = weak.upgrade() else { return };
            let repo = Repo {
                db: db.clone(),
                inner,
            };
            let changed = repo.apply_from_tab(&ev.data());
            if !changed.is_empty() {
                on_change(changed);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        self.inner.borrow_mut().tabs = Some(Tabs {
            channel,
            _on_message: on_message,
        });
    }

    /// Announces a batch that just reached IndexedDB.
    pub(super) fn tell_tabs(&self, batch: &[Write]) {
        let inner = self.inner.borrow();
        let Some(tabs) = &inner.tabs else { return };
        let list = Array::new();
        for w in batch {
            if let Write::Put { store, key, value } = w {
                if *store == CHUNKS || *store == SUMMARIES {
                    list.push(&entry(store, key, value));
                }
            }
        }
        if list.length() > 0 {
            // A closed channel only means no other tab hears it.
            let _ = tabs.channel.post_message(&list);
        }
    }

    /// Applies another tab's batch; returns the ids of documents that changed here. Anything that
    /// does not look like our own message is ignored: another page could post on the channel.
    fn apply_from_tab(&self, data: &JsValue) -> Vec<String> {
        let Some(list) = data.dyn_ref::<Array>() else {
            return Vec::new();
        };
        let mut changed = Vec::new();
        let mut inner = self.inner.borrow_mut();
        for item in list.iter() {
            let get = |k: &str| Reflect::get(&item, &k.into()).unwrap_or(JsValue::UNDEFINED);
            let (store, key, value) = (get("store").as_string(), get("key"), get("value"));
            match store.as_deref() {
                Some(CHUNKS) => {
                    let Some(key) = key.dyn_ref::<Array>() else {
                        continue;
                    };
                    let (Some(doc), Some(kind), Some(hash)) = (
                        key.get(0).as_string(),
                        key.get(1).as_string(),
                        key.get(2).as_string(),
                    ) else {
                        continue;
                    };
                    let Some(bytes) = value.dyn_ref::<Uint8Array>().map(|b| b.to_vec()) else {
                        continue;
                    };
                    if let Some(loaded) = inner.docs.get_mut(&doc) {
                        let before = loaded.doc.get_heads();
                        if loaded.doc.load_incremental(&bytes).is_ok() {
                            loaded.chunks.push((kind, hash));
                            if loaded.doc.get_heads() != before {
                                changed.push(doc);
                            }
                        }
                    }
                }
                Some(SUMMARIES) => {
                    let Some(s) = value
                        .as_string()
                        .and_then(|t| serde_json::from_str::<Summary>(&t).ok())
                    else {
                        continue;
                    };
                    changed.push(s.id.clone());
                    inner.summaries.insert(s.id.clone(), s);
                }
                _ => {}
            }
        }
        sort_dedup(&mut changed);
        changed
    }
}
