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

/// Levenshtein distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
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
        assert_eq!(did_you_mean("banana", Role::field_keys()), None);
        assert_eq!(did_you_mean("ux", ["unit"]), None, "three edits in a short key are no typo");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
