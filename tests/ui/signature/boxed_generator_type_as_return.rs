// A trait method returning a boxed generator, implemented with `#[generator]` by copying the
// trait's return type: the return type is the generator's return value, so this asks for
// `boxed_local` instead.
use pygen::LocalBoxGen;
use pygen::prelude::*;

trait Source {
    fn items(&self) -> LocalBoxGen<'_, u32>;
}

struct Numbers(u32);

impl Source for Numbers {
    #[generator(yield = u32)]
    fn items(&self) -> LocalBoxGen<'_, u32> {
        for i in 0..self.0 {
            yield_!(i);
        }
    }
}

fn main() {
    let source: &dyn Source = &Numbers(3);
    assert_eq!(source.items().count(), 3);
}
