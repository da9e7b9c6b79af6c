// The same through `Self::`: a recursive associated generator fn that boxes itself with
// `boxed()` must declare `send`.
use pygen::prelude::*;

struct Tree {
    children: Vec<Tree>,
}

impl Tree {
    #[generator(yield = usize)]
    fn sizes(tree: &Tree) {
        yield_!(tree.children.len());
        for child in &tree.children {
            yield_from!(Self::sizes(child).boxed());
        }
    }
}

fn main() {
    let tree = Tree { children: vec![] };
    assert_eq!(Tree::sizes(&tree).count(), 1);
}
