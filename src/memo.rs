//! A map of results worked out once and shared between threads: parsed template files, validated bilag, a meeting's item numbers.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};

/// Results by key, each worked out when first asked for. The lock is not
/// held while a result is worked out, so two threads asking at once may
/// both work it out; they get the same.
pub struct Memo<K, V> {
    map: Mutex<HashMap<K, V>>,
    /// Emptied when it would hold more than this many results.
    limit: usize,
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    /// A memo that keeps every result.
    pub fn new() -> Memo<K, V> {
        Memo::with_limit(usize::MAX)
    }

    /// A memo emptied when it would hold more than `limit` results.
    pub fn with_limit(limit: usize) -> Memo<K, V> {
        Memo {
            map: Mutex::new(HashMap::new()),
            limit,
        }
    }

    /// The result for `key`, worked out by `make` if there is none yet.
    pub fn get_or(&self, key: K, make: impl FnOnce() -> V) -> V {
        let lock = || self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = lock().get(&key) {
            return found.clone();
        }
        let found = make();
        let mut map = lock();
        if map.len() >= self.limit {
            map.clear();
        }
        map.insert(key, found.clone());
        found
    }
}

impl<K: Eq + Hash, V: Clone> Default for Memo<K, V> {
    fn default() -> Memo<K, V> {
        Memo::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_a_result_out_once_and_forgets_past_its_limit() {
        let memo = Memo::with_limit(2);
        let made = std::cell::Cell::new(0);
        let get = |k: u32| {
            memo.get_or(k, || {
                made.set(made.get() + 1);
                k * 10
            })
        };
        assert_eq!((get(1), get(1), get(2)), (10, 10, 20));
        assert_eq!(made.get(), 2);
        get(3); // past the limit: the memo starts again
        get(1);
        assert_eq!(made.get(), 4);
    }
}
