//! Units of numeric time fields, and the rule that tells milliseconds from seconds.

/// The unit of a numeric time field: set with `#[token(..., unit = "s" | "ms" | "auto")]`.
///
/// `unit` applies to numbers and numeric strings only; `Duration`, `SystemTime` and the other
/// typed times carry their own unit.
///
/// ```
/// use token_response::Unit;
///
/// assert!(!Unit::Seconds.is_millis(1_700_000_000.0));
/// assert!(Unit::Millis.is_millis(1.0));
/// // `auto`: 100,000,000,000 and above is milliseconds (1973 in ms, year 5138 in seconds).
/// assert!(Unit::Auto.is_millis(1_700_000_000_000.0));
/// assert!(!Unit::Auto.is_millis(1_700_000_000.0));
/// ```
///
/// It has no `Default`: the default depends on the role (seconds for lifetimes, `auto` for
/// timestamps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Unit {
    /// Seconds (`unit = "s"`): the default for lifetimes.
    Seconds,
    /// Milliseconds (`unit = "ms"`).
    Millis,
    /// Milliseconds when the absolute value is at least 100,000,000,000, else seconds
    /// (`unit = "auto"`): the default for issue times and absolute expiries.
    Auto,
}

/// The smallest absolute value that `Unit::Auto` reads as milliseconds.
pub(crate) const AUTO_MILLIS_FROM: u128 = 100_000_000_000;

impl Unit {
    /// Whether a value of this absolute size is in milliseconds under this unit.
    ///
    /// ```
    /// use token_response::Unit;
    ///
    /// assert!(Unit::Auto.is_millis(100_000_000_000.0));
    /// assert!(!Unit::Auto.is_millis(99_999_999_999.0));
    /// ```
    #[must_use]
    #[inline]
    pub fn is_millis(self, magnitude: f64) -> bool {
        match self {
            Unit::Seconds => false,
            Unit::Millis => true,
            #[allow(clippy::cast_precision_loss)] // 1e11 is exact in f64
            Unit::Auto => magnitude >= AUTO_MILLIS_FROM as f64,
        }
    }

    #[inline]
    pub(crate) fn is_millis_int(self, magnitude: u128) -> bool {
        match self {
            Unit::Seconds => false,
            Unit::Millis => true,
            Unit::Auto => magnitude >= AUTO_MILLIS_FROM,
        }
    }
}
