use pygen::prelude::*;

struct Tree {
    value: u32,
    children: Vec<Tree>,
}

impl Tree {
    #[generator(yield = u32)]
    fn walk(&self) {
        yield_!(self.value);
        for child in &self.children {
            yield_from!(child.walk());
        }
    }
}

fn main() {
    let tree = Tree { value: 1, children: Vec::new() };
    let _ = tree.walk();
}
