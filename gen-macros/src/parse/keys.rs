//! The keys of `#[generator(..)]`, and which one a misspelled word most likely meant.

/// The key of an argument.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Key {
    Yield,
    Resume,
    Send,
    Boxed,
    BoxedLocal,
    Crate,
}

impl Key {
    pub(super) const ALL: [Key; 6] = [
        Key::Yield,
        Key::Resume,
        Key::Send,
        Key::Boxed,
        Key::BoxedLocal,
        Key::Crate,
    ];

    pub(super) fn name(self) -> &'static str {
        match self {
            Key::Yield => "yield",
            Key::Resume => "resume",
            Key::Send => "send",
            Key::Boxed => "boxed",
            Key::BoxedLocal => "boxed_local",
            Key::Crate => "crate",
        }
    }

    pub(super) fn example(self) -> &'static str {
        match self {
            Key::Yield => "`yield = u32`",
            Key::Resume => "`resume = bool`",
            Key::Send => "`send`",
            Key::Boxed => "`boxed`",
            Key::BoxedLocal => "`boxed_local`",
            Key::Crate => "`crate = ::my_crate::pygen`",
        }
    }

    /// The key a misspelled or mistaken `word` most likely meant.
    pub(super) fn guess(word: &str) -> Option<Key> {
        let lower = word.to_lowercase();
        if ["item", "items", "output", "yields", "yielded", "ty", "type"].contains(&&*lower) {
            return Some(Key::Yield);
        }
        if ["input", "resumes", "arg", "send_type"].contains(&&*lower) {
            return Some(Key::Resume);
        }
        Key::ALL
            .into_iter()
            .find(|key| edit_distance(&lower, key.name()) <= 2)
    }
}

/// Levenshtein distance, for "did you mean" (the words are a few bytes long).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(Key::guess("yeild"), Some(Key::Yield));
        assert_eq!(Key::guess("Yield"), Some(Key::Yield));
        assert_eq!(Key::guess("resum"), Some(Key::Resume));
        assert_eq!(Key::guess("krate"), Some(Key::Crate));
        assert_eq!(Key::guess("item"), Some(Key::Yield));
        assert_eq!(Key::guess("boxd"), Some(Key::Boxed));
        assert_eq!(Key::guess("boxedlocal"), Some(Key::BoxedLocal));
        assert_eq!(Key::guess("frobnicate"), None);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("send", "send"), 0);
    }
}
