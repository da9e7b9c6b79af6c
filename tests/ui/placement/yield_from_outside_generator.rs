use pygen::prelude::*;

fn not_a_generator() {
    yield_from!([1, 2, 3]);
}

fn main() {
    not_a_generator();
}
