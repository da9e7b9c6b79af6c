use pygen::prelude::*;

trait Source {
    #[generator(yield = u32)]
    fn numbers(&self);
}

fn main() {}
