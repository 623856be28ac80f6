//! The token file's JSON: `{"version": n, "updated_at": unix seconds, "token": {..}}`.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_core::Serialize;
use serde_core::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::store::{StoreError, StoreErrorKind, Stored};

fn unreadable(what: String) -> StoreError {
    StoreError::new(StoreErrorKind::Unreadable, what)
}

/// Where serde_json stopped, without its message (which can quote a value of the file).
fn position(e: &serde_json::Error) -> String {
    format!("not a token record (line {}, column {})", e.line(), e.column())
}

fn object(bytes: &[u8]) -> Result<Map<String, Value>, StoreError> {
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(unreadable("not a JSON object".into())),
        Err(e) => Err(unreadable(position(&e))),
    }
}

/// The stored version alone.
pub(super) fn version(bytes: &[u8]) -> Result<u64, StoreError> {
    object(bytes)?.get("version").and_then(Value::as_u64).ok_or_else(|| unreadable("no version number".into()))
}

/// The stored token and its version.
pub(super) fn read<T: DeserializeOwned>(bytes: &[u8]) -> Result<Stored<T>, StoreError> {
    let mut map = object(bytes)?;
    let version = map.get("version").and_then(Value::as_u64).ok_or_else(|| unreadable("no version number".into()))?;
    let token = map.remove("token").ok_or_else(|| unreadable("no token member".into()))?;
    let token = T::deserialize(token).map_err(|_| unreadable("the token member is not a token of this type".into()))?;
    Ok(Stored { version, token })
}

/// The file's bytes for `token` as `version`.
pub(super) fn write<T: Serialize>(version: u64, token: &T) -> Result<Vec<u8>, StoreError> {
    let token = serde_json::to_value(token).map_err(|_| unreadable("the token does not serialize as JSON".into()))?;
    let updated = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let mut map = Map::new();
    map.insert("version".into(), version.into());
    map.insert("updated_at".into(), updated.into());
    map.insert("token".into(), token);
    serde_json::to_vec_pretty(&Value::Object(map))
        .map_err(|_| unreadable("the token does not serialize as JSON".into()))
}
