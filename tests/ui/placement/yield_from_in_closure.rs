use pygen::prelude::*;

#[generator(yield = u32)]
fn flatten(rows: Vec<Vec<u32>>) {
    rows.into_iter().for_each(|row| yield_from!(row));
}

fn main() {
    let _ = flatten(vec![vec![1]]);
}
