// The same through `Self::`, with an adapter between the call and the delegation.
use pygen::prelude::*;

struct Tree {
    value: u32,
    children: Vec<Tree>,
}

impl Tree {
    #[generator(yield = u32)]
    fn walk(tree: &Tree) {
        yield_!(tree.value);
        for child in &tree.children {
            yield_from!(Self::walk(child).map(|v| v * 10));
        }
    }
}

fn main() {
    let tree = Tree {
        value: 1,
        children: Vec::new(),
    };
    assert_eq!(Tree::walk(&tree).count(), 1);
}
