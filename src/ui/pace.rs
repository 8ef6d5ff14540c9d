//! Long work done a slice at a time: `next_turn` hands the browser a turn (to paint the
//! progress and take input) before the next slice runs.

/// Resolves on a later task of the event loop (a zero-delay timer), after the browser had
/// its chance to paint and to handle input.
pub async fn next_turn() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

pub use crate::exchange::{Progress, Stage};
