//! Telling other tabs what changed, over a `BroadcastChannel`, so they reload it.

use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

use crate::domain::RecordKind;

const CHANNEL: &str = "taizhang-changes";

/// Past this many ids a message names only the kinds: the other tab reloads them whole.
const MAX_IDS: usize = 500;

/// What one committed write changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changed {
    pub kinds: Vec<RecordKind>,
    /// The ids written, or empty when there were too many to list.
    pub ids: Vec<String>,
    /// The connection that wrote it (`Db::connection`). A `BroadcastChannel` delivers a
    /// message to every other channel object of the name, those of the sending page too,
    /// so a page knows its own writes by this and does not read them back.
    #[serde(default)]
    pub from: u64,
}

impl Changed {
    pub fn from_puts<'a>(puts: impl Iterator<Item = (RecordKind, &'a str)>) -> Changed {
        let mut changed = Changed::default();
        // Past MAX_IDS no id is copied: a large import's 600,000 ids would only be dropped.
        let mut too_many = false;
        for (kind, id) in puts {
            if !changed.kinds.contains(&kind) {
                changed.kinds.push(kind);
            }
            if too_many {
                continue;
            }
            if changed.ids.len() == MAX_IDS {
                too_many = true;
                changed.ids = Vec::new();
                continue;
            }
            changed.ids.push(id.to_string());
        }
        changed
    }
}

/// Posts `changed` to every listener of this origin, this page's own too (see `from`).
pub fn announce(changed: &Changed) {
    if changed.kinds.is_empty() {
        return;
    }
    let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
        return; // No BroadcastChannel: other tabs see the change on their next read.
    };
    if let Ok(json) = serde_json::to_string(changed) {
        let _ = channel.post_message(&JsValue::from_str(&json));
    }
    channel.close();
}

/// Listens for other tabs' changes while it lives.
pub struct ChangeListener {
    channel: BroadcastChannel,
    _callback: Closure<dyn FnMut(MessageEvent)>,
}

impl ChangeListener {
    pub fn new(mut on_change: impl FnMut(Changed) + 'static) -> Option<ChangeListener> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let callback = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let changed = event
                .data()
                .as_string()
                .and_then(|json| serde_json::from_str::<Changed>(&json).ok());
            if let Some(changed) = changed {
                on_change(changed);
            }
        });
        channel.set_onmessage(Some(callback.as_ref().unchecked_ref()));
        Some(ChangeListener {
            channel,
            _callback: callback,
        })
    }
}

impl Drop for ChangeListener {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
