//! Every panic pygen raises on misuse, each with a sentence that says what to do.
//!
//! Kept out of line and cold so the hot paths stay small, and `#[track_caller]`, like every
//! public function that can reach them, so that a panic reports the user's line (the call of
//! `resume`, `next`, `start`, or the `yield_!` / `.await` in the body), not one of ours.

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn resumed_after_completion() -> ! {
    panic!(
        "pygen: generator resumed after it completed (it returned, panicked or was closed); \
         check `is_complete()` before resuming, or iterate it: a finished iterator keeps returning `None`"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn foreign_await() -> ! {
    panic!(
        "pygen: a synchronous generator awaited a future that is not `yield_!`; \
         only `yield_!` and `yield_from!` may suspend a generator fn or `gen_block!`: \
         declare it `async fn` (an async generator, consumed as a Stream) to await other futures"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn outside_generator() -> ! {
    panic!(
        "pygen: a yield handle (`Co`) was awaited outside of its generator; \
         `co.yield_(..)` may only be awaited inside the body of the generator that created `co`"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn wrong_generator() -> ! {
    panic!(
        "pygen: a yield handle (`Co`) was awaited inside a generator it does not belong to; \
         each generator must yield through its own `co`: do not move a `Co` into another generator"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn yield_polled_again() -> ! {
    panic!(
        "pygen: a `co.yield_(..)` future was polled again after it handed its value out, before \
         the generator was resumed; await every `co.yield_(..)` future right away instead of \
         polling it by hand"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn yielded_twice() -> ! {
    panic!(
        "pygen: a generator yielded twice in one step, so the first value would be lost; \
         await every `co.yield_(..)` future right away instead of polling it by hand"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn value_left_behind() -> ! {
    panic!(
        "pygen: a generator completed while a yielded value was still waiting to be delivered; \
         await every `co.yield_(..)` future right away instead of polling it by hand"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn started_twice() -> ! {
    panic!(
        "pygen: `start()` called on a generator that is suspended at a `yield_!`, which waits \
         for a value: use `resume(value)`; `start()` runs a fresh generator to its first \
         `yield_!` without a value"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn sent_before_start() -> ! {
    panic!(
        "pygen: `resume(value)` called on a generator that has not started, so no `yield_!` is \
         waiting for the value and it would be lost (Python: \"can't send non-None value to a \
         just-started generator\"); call `start()` first, which runs the generator to its first \
         `yield_!`, then `resume(value)`"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn sent_mid_step() -> ! {
    panic!(
        "pygen: `resume(value)` called on an async generator whose previous `resume` future was \
         dropped after the generator took its value: the generator is still running that step \
         (awaiting another future), so no `yield_!` is waiting for this value and it would be \
         lost; finish the step first with `start().await`, which runs it to its next `yield_!` \
         without a value, then `resume(value)`"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn delegated_to_complete() -> ! {
    panic!(
        "pygen: `yield_from!` of a generator that has already completed; \
         its return value was already delivered: delegate to generators that have not finished"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn delegated_to_started() -> ! {
    panic!(
        "pygen: `yield_from!` of a generator that has already started, in a generator whose \
         resume type is not `()`: the started generator waits at a `yield_!` for a resume value \
         that this delegation does not have; delegate to a fresh generator, or finish the step \
         by hand with `resume(value)` before delegating"
    )
}

/// `take_handed` refused: a handle of another generator (`wrong`), or no value handed over.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn take_refused(wrong: bool) -> ! {
    if wrong {
        wrong_generator()
    } else {
        yield_polled_again()
    }
}

/// A chained delegation polled from inside the body it is running.
#[cold]
#[inline(never)]
#[track_caller]
#[cfg(feature = "alloc")]
pub(crate) fn delegation_reentered() -> ! {
    panic!(
        "pygen: a `yield_from` delegation was polled from inside the generator it delegates to, \
         which is running; await a delegation only in the body that made it"
    )
}

/// A chained delegation dropped from inside the body it is running.
#[cold]
#[inline(never)]
#[track_caller]
#[cfg(feature = "alloc")]
pub(crate) fn delegation_dropped_while_running() -> ! {
    panic!(
        "pygen: a `yield_from` delegation was dropped from inside the generator it delegates \
         to, which is running (that generator is leaked, not freed under its own feet); \
         await a delegation only in the body that made it"
    )
}
