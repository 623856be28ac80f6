//! Sealing: what is stored in Redis is the token encrypted by a hook of yours.

use std::error::Error;

/// Encrypts a token before it is stored and decrypts it when it is read, so that the refresh
/// token is not in Redis in clear. Implement it with an AEAD (AES-GCM, ChaCha20-Poly1305) and a
/// key kept out of Redis; `unseal` must fail, not return garbage, on bytes that were not sealed
/// with the key (a failed unseal reads as an unreadable token, never as "no token").
///
/// ```
/// use token_response_redis::Seal;
///
/// /// Not encryption: shows the shape only.
/// struct Reversed;
///
/// impl Seal for Reversed {
///     fn seal(&self, plain: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
///         Ok(plain.iter().rev().copied().collect())
///     }
///     fn unseal(&self, sealed: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
///         Ok(sealed.iter().rev().copied().collect())
///     }
/// }
/// assert_eq!(Reversed.unseal(&Reversed.seal(b"token").unwrap()).unwrap(), b"token");
/// ```
pub trait Seal: Send + Sync + 'static {
    /// The bytes to store for the token's JSON `plain`. Errors must not contain `plain`.
    fn seal(&self, plain: &[u8]) -> Result<Vec<u8>, Box<dyn Error + Send + Sync>>;
    /// The token's JSON from stored bytes. Errors must not contain the result.
    fn unseal(&self, sealed: &[u8]) -> Result<Vec<u8>, Box<dyn Error + Send + Sync>>;
}
