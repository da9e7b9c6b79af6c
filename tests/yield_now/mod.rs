//! [`YieldNow`]: makes an async generator's body really suspend at a foreign future, for the
//! tests of async generators (`drops.rs`, `model.rs`, `send_sync.rs`, `trampoline.rs`).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Pending once (waking itself), then ready. Start it with `YieldNow(false)`.
///
/// A struct rather than `poll_fn` over a local flag, whose closure would hold a `&mut` to the
/// body's own local across the wait: see `adversarial.rs`,
/// `a_pinned_generator_whose_body_borrows_its_own_local_mutably_is_iterated`.
pub(crate) struct YieldNow(pub(crate) bool);

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if std::mem::replace(&mut self.0, true) {
            Poll::Ready(())
        } else {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}
