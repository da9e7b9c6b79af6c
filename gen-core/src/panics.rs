//! Every panic pygen raises on misuse, each with a sentence that says what to do.
//!
//! Kept out of line and cold so the hot paths stay small.

#[cold]
#[inline(never)]
pub(crate) fn resumed_after_completion() -> ! {
    panic!(
        "pygen: generator resumed after it completed (it returned, panicked or was closed); \
         check `is_complete()` before resuming, or iterate it: a finished iterator keeps returning `None`"
    )
}

#[cold]
#[inline(never)]
pub(crate) fn foreign_await() -> ! {
    panic!(
        "pygen: a synchronous generator awaited a future that is not `yield_!`; \
         only `yield_!` and `yield_from!` may suspend a generator fn or `gen_block!`: \
         declare it `async fn` (an async generator, consumed as a Stream) to await other futures"
    )
}

#[cold]
#[inline(never)]
pub(crate) fn outside_generator() -> ! {
    panic!(
        "pygen: a yield handle (`Co`) was awaited outside of its generator; \
         `co.yield_(..)` may only be awaited inside the body of the generator that created `co`"
    )
}

#[cold]
#[inline(never)]
pub(crate) fn wrong_generator() -> ! {
    panic!(
        "pygen: a yield handle (`Co`) was awaited inside a generator it does not belong to; \
         each generator must yield through its own `co`: do not move a `Co` into another generator"
    )
}

#[cold]
#[inline(never)]
pub(crate) fn resumed_without_value() -> ! {
    panic!(
        "pygen: a generator suspended at `yield_!` was resumed without a value; \
         `start()` may only be called before the first resume (use `resume(value)` after that), \
         and `yield_from!` can only continue a started generator whose resume type is `()`"
    )
}

#[cold]
#[inline(never)]
pub(crate) fn yielded_twice() -> ! {
    panic!(
        "pygen: a generator yielded twice in one step, so the first value would be lost; \
         await every `co.yield_(..)` future right away instead of polling it by hand"
    )
}

#[cold]
#[inline(never)]
pub(crate) fn value_left_behind() -> ! {
    panic!(
        "pygen: a generator completed while a yielded value was still waiting to be delivered; \
         await every `co.yield_(..)` future right away instead of polling it by hand"
    )
}

#[cold]
#[inline(never)]
pub(crate) fn started_twice() -> ! {
    panic!(
        "pygen: `start()` called on a generator that has already started; \
         `start()` runs a fresh generator to its first `yield_!`: use `resume(value)` after that"
    )
}

#[cold]
#[inline(never)]
pub(crate) fn delegated_to_complete() -> ! {
    panic!(
        "pygen: `yield_from!` of a generator that has already completed; \
         its return value was already delivered: delegate to generators that have not finished"
    )
}
