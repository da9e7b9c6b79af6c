use gen_core::prelude::*;

trait Source {
    #[generator(yield = u32)]
    fn numbers(&self);
}

fn main() {}
