//! `FileStore`: the token in one JSON file, for the processes of one machine.

mod lease;
mod record;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde_core::Serialize;
use serde_core::de::DeserializeOwned;

use super::{Commit, StoreError, StoreErrorKind, Stored, TokenStore, thread};
pub use lease::FileLease;
use lease::{Paths, Verdict};

/// A [`TokenStore`] on one JSON file, shared by the processes of one machine.
///
/// - **The file** holds `{"version": n, "updated_at": unix seconds, "token": {..}}`, with the
///   token as its `Serialize` writes it (so a token type whose `Debug` redacts still has its
///   secrets in this file: keep it in a directory only its user reads). It is created with
///   mode 0600.
/// - **Writes are atomic**: a temporary file in the same directory, `fsync`ed, renamed over
///   the file, then the directory `fsync`ed. A reader, or a process that crashed halfway, sees
///   the old token or the new one, never a torn one.
/// - **An unreadable file is an error** ([`StoreErrorKind::Unreadable`]), never "no token": a
///   refresh then fails instead of signing in again over it. Only a missing file is "no token".
/// - **Beside it**: `<file>.lock`, locked (`flock`) for a few milliseconds at a time around each
///   change, holding the lease's holder and deadline; and `<file>.lease`, locked by the lease's
///   holder for as long as it refreshes, so the kernel wakes the processes waiting for the lease
///   when the holder lets go or dies. A holder that stops answering (stopped, frozen) keeps
///   that lock but loses the lease at its deadline (the lease time, 30 s by default, extended
///   every third of it while the holder runs).
/// - **No executor thread blocks**: each operation runs on a thread of its own and wakes the
///   awaiting task when done, on any async runtime. `flock` is advisory: programs that
///   write the file without it are not kept out. Network file systems may not honour it.
///
/// ```
/// # #[derive(serde::Serialize, serde::Deserialize)] struct MyToken { access_token: String }
/// use std::time::Duration;
/// use token_response::store::{FileStore, TokenStore};
///
/// # let dir = std::env::temp_dir().join(format!("token-response-file-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// let store = FileStore::new(dir.join("token.json")).with_lease_time(Duration::from_secs(10));
/// # pollster::block_on(async {
/// assert!(TokenStore::<MyToken>::load(&store).await?.is_none()); // no file yet: no token
/// # Ok::<(), token_response::store::StoreError>(())
/// # }).unwrap();
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct FileStore {
    paths: Arc<Paths>,
    lease_time: Duration,
}

impl FileStore {
    /// A store on the file at `path`; its directory must exist.
    ///
    /// ```
    /// use token_response::store::FileStore;
    ///
    /// let store = FileStore::new("/home/me/.config/my-cli/token.json");
    /// assert!(store.path().ends_with("token.json"));
    /// ```
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { paths: Arc::new(Paths::new(path.into())), lease_time: Duration::from_secs(30) }
    }

    /// How long a holder keeps the lease without extending it (default 30 s, at least 30 ms):
    /// how long the others wait for a holder that stopped answering.
    ///
    /// ```
    /// use std::time::Duration;
    /// use token_response::store::FileStore;
    ///
    /// let store = FileStore::new("token.json").with_lease_time(Duration::from_secs(5));
    /// # drop(store);
    /// ```
    #[must_use]
    pub fn with_lease_time(mut self, lease_time: Duration) -> Self {
        self.lease_time = lease_time.max(Duration::from_millis(30));
        self
    }

    /// The token's file.
    ///
    /// ```
    /// use token_response::store::FileStore;
    ///
    /// assert_eq!(FileStore::new("token.json").path(), std::path::Path::new("token.json"));
    /// ```
    pub fn path(&self) -> &Path {
        &self.paths.token
    }
}

/// An I/O failure as a store error (an `io::Error` names paths and errno, never file contents).
fn unavailable(e: io::Error) -> StoreError {
    StoreError::new(StoreErrorKind::Unavailable, e)
}

impl<T> TokenStore<T> for FileStore
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    type Lease = FileLease;

    async fn load(&self) -> Result<Option<Stored<T>>, StoreError> {
        let paths = Arc::clone(&self.paths);
        let bytes = thread::run(move || read_if_present(&paths.token)).await.map_err(unavailable)?;
        bytes.map(|bytes| record::read(&bytes)).transpose()
    }

    async fn lease(&self) -> Result<FileLease, StoreError> {
        let (paths, lease_time) = (Arc::clone(&self.paths), self.lease_time);
        thread::run(move || lease::acquire(paths, lease_time)).await.map_err(|e| match e.kind() {
            io::ErrorKind::TimedOut => StoreError::new(StoreErrorKind::Lease, e),
            _ => unavailable(e),
        })
    }

    async fn renew(&self, lease: &FileLease) -> Result<bool, StoreError> {
        let (paths, owner, lease_time) = (Arc::clone(&self.paths), lease.owner(), self.lease_time);
        thread::run(move || lease::extend(&paths, &owner, lease_time)).await.map_err(unavailable)
    }

    async fn commit(&self, lease: &FileLease, expected: Option<u64>, token: &T) -> Result<Commit, StoreError> {
        let next = expected
            .unwrap_or(0)
            .checked_add(1)
            .ok_or_else(|| StoreError::new(StoreErrorKind::Refused, "the version counter is exhausted"))?;
        let bytes = record::write(next, token)?;
        let (paths, owner) = (Arc::clone(&self.paths), lease.owner());
        let written = thread::run(move || {
            lease::locked(&paths, |lock| {
                if lease::verdict(lock, &owner)? == Verdict::Other {
                    return Ok(Ok(Commit::Refused));
                }
                let stored = match read_if_present(&paths.token)? {
                    Some(old) => match record::version(&old) {
                        Ok(version) => Some(version),
                        Err(e) => return Ok(Err(e)),
                    },
                    None => None,
                };
                if stored != expected {
                    return Ok(Ok(Commit::Refused));
                }
                replace(&paths, &bytes)?;
                Ok(Ok(Commit::Stored(next)))
            })
        });
        written.await.map_err(unavailable)?
    }

    async fn release(&self, lease: FileLease) {
        let (paths, lease_time) = (Arc::clone(&self.paths), self.lease_time);
        // Letting go of the kernel lock (when the lease is dropped, whatever happens) is what
        // wakes the next holder; should the record's change fail, it lapses at its deadline.
        let _ = thread::run(move || lease::release(&paths, lease, lease_time)).await;
    }
}

/// The file's bytes; `None` only when it does not exist.
fn read_if_present(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Opens (creating with mode 0600 where there are modes) a file for reading and writing.
fn open_private(path: &Path, truncate: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(truncate);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Replaces the token file atomically: temporary file, fsync, rename, fsync of the directory.
/// Called under the lock, so one temporary name is enough; a crash leaves it behind, to be
/// overwritten by the next write.
fn replace(paths: &Paths, bytes: &[u8]) -> io::Result<()> {
    let mut temp = open_private(&paths.temp, true)?;
    temp.write_all(bytes)?;
    temp.sync_all()?;
    drop(temp);
    fs::rename(&paths.temp, &paths.token)?;
    #[cfg(unix)]
    File::open(&paths.dir)?.sync_all()?;
    Ok(())
}
