//! Recursive generators: walking a tree with `yield_from!`, Python's
//!
//! ```python
//! def walk(node, depth=0):
//!     yield depth, node.name
//!     for child in node.children:
//!         yield from walk(child, depth + 1)
//! ```
//!
//! A generator that calls itself must box the recursive call (`.boxed_local()`, or
//! `.boxed()` with `#[generator(.., send)]` for a `Send` one), exactly like a recursive
//! `async fn`. Each level is then one small heap allocation while it is being walked, and
//! nothing else: the walk never builds a list of the nodes.
//!
//! `cargo run --release --example tree` (or `-- 20` for a deeper generated tree)

use pygen::prelude::*;
use std::io::{self, Write};

/// A named node with children: a directory tree, an org chart, a parse tree.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) name: String,
    pub(crate) size: u64,
    pub(crate) children: Vec<Node>,
}

impl Node {
    fn leaf(name: &str, size: u64) -> Node {
        Node {
            name: name.into(),
            size,
            children: Vec::new(),
        }
    }

    fn dir(name: &str, children: Vec<Node>) -> Node {
        Node {
            name: name.into(),
            size: 0,
            children,
        }
    }
}

/// Every node with its depth, parents before children (pre-order).
#[generator(yield = (usize, &'a Node))]
fn walk<'a>(node: &'a Node, depth: usize) {
    yield_!((depth, node));
    for child in &node.children {
        yield_from!(walk(child, depth + 1).boxed_local());
    }
}

/// Sizes of every file below `node`, returning the total: the return value of a delegation
/// is the value of `yield_from!`, like Python's `total = yield from sizes(child)`.
#[generator(yield = u64)]
fn sizes(node: &Node) -> u64 {
    if node.children.is_empty() {
        yield_!(node.size);
        return node.size;
    }
    let mut total = 0;
    for child in &node.children {
        total += yield_from!(sizes(child).boxed_local());
    }
    total
}

/// A complete binary tree of the given depth, `2^(depth+1) - 1` nodes.
pub(crate) fn generated(depth: u32) -> Node {
    fn build(depth: u32, path: &mut String) -> Node {
        if depth == 0 {
            return Node::leaf(path, path.len() as u64);
        }
        let children = ["a", "b"]
            .iter()
            .map(|step| {
                path.push_str(step);
                let child = build(depth - 1, path);
                path.pop();
                child
            })
            .collect();
        Node::dir(path, children)
    }
    build(depth, &mut String::from("/"))
}

/// What `run` found, for the tests.
#[derive(Debug, PartialEq, Eq)]
#[allow(dead_code, reason = "read by tests/examples.rs")]
pub(crate) struct Summary {
    pub(crate) nodes: usize,
    pub(crate) deepest: usize,
    pub(crate) total_size: u64,
}

pub(crate) fn run(depth: u32, out: &mut impl Write) -> io::Result<Summary> {
    let project = Node::dir(
        "project",
        vec![
            Node::leaf("README.md", 1_200),
            Node::dir(
                "src",
                vec![Node::leaf("lib.rs", 5_400), Node::leaf("main.rs", 800)],
            ),
            Node::dir(
                "tests",
                vec![Node::dir("ui", vec![Node::leaf("case.rs", 300)])],
            ),
        ],
    );
    writeln!(out, "Walking a small tree, parents before children:")?;
    for (depth, node) in walk(&project, 0) {
        writeln!(out, "  {:indent$}{}", "", node.name, indent = depth * 2)?;
    }
    let mut totals = sizes(&project);
    let mut files = 0;
    let total = loop {
        match totals.resume(()) {
            GeneratorState::Yielded(_) => files += 1,
            GeneratorState::Complete(total) => break total,
        }
    };
    writeln!(
        out,
        "{files} files, {total} bytes in all (the return value of the walk)"
    )?;

    let big = generated(depth);
    let (mut nodes, mut deepest) = (0, 0);
    for (depth, _) in walk(&big, 0) {
        nodes += 1;
        deepest = deepest.max(depth);
    }
    let total_size = sizes(&big).sum();
    writeln!(
        out,
        "A generated tree of depth {depth}: {nodes} nodes visited lazily, deepest at level \
         {deepest}, leaf sizes summing to {total_size}"
    )?;
    Ok(Summary {
        nodes,
        deepest,
        total_size,
    })
}

fn main() -> io::Result<()> {
    let depth = std::env::args()
        .nth(1)
        .map_or(17, |arg| arg.parse().expect("a depth"));
    run(depth, &mut io::stdout().lock())?;
    Ok(())
}
