//! "Did you mean": the known word closest to a misspelt one.

/// The word of `known` closest to `word`, if it is near enough to be a likely typo.
pub fn did_you_mean<'k>(word: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    known
        .into_iter()
        .map(|k| (edit_distance(word, k), k))
        .filter(|&(distance, k)| distance <= 3 && distance * 3 <= k.len())
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, k)| k)
}

/// Edits from `a` to `b`: inserting, deleting or replacing a character, or swapping two adjacent
/// ones (`scpoe` is one edit from `scope`): the optimal string alignment distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Three rows of the table: two rows back (for swaps), the previous one, the current one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let mut best = (previous[j] + usize::from(ca != cb)).min(previous[j + 1] + 1).min(current[j] + 1);
            if i > 0 && j > 0 && ca == b[j - 1] && a[i - 1] == cb {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Role;

    #[test]
    fn typos_get_a_suggestion_and_strangers_do_not() {
        assert_eq!(did_you_mean("acess_token", Role::field_keys()), Some("access_token"));
        assert_eq!(did_you_mean("expire_in", Role::field_keys()), Some("expires_in"));
        assert_eq!(did_you_mean("scopee", Role::field_keys()), Some("scope"));
        assert_eq!(did_you_mean("scpoe", Role::field_keys()), Some("scope"));
        assert_eq!(did_you_mean("exipres_in", Role::field_keys()), Some("expires_in"));
        assert_eq!(did_you_mean("banana", Role::field_keys()), None);
        assert_eq!(did_you_mean("ux", ["unit"]), None, "three edits in a short key are no typo");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("scpoe", "scope"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("ca", "abc"), 3);
    }
}
