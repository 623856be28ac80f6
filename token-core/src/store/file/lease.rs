//! The file store's lease: a record `owner deadline flock` in `<file>.lock` (changed only while
//! that file is locked), and the kernel lock on `<file>.lease` that its holder keeps so that
//! waiters are woken when it lets go or dies.
//!
//! The lease is free when there is no record, when its deadline has passed, or when the record
//! says its holder had the kernel lock and we have it now (so that holder let go or died).
//!
//! Whoever holds the kernel lock is the next holder: a holder that had it leaves its record
//! behind when it lets go (marked released, with a fresh deadline), for the process the kernel
//! wakes; and the kernel lock is tried while `<file>.lock` is held, with the record written in
//! the same step. So no process takes the lease without the kernel lock while another has that
//! lock and is about to take the lease: that one would then hold the kernel lock that wakes the
//! waiters while waiting for a deadline itself, and every waiter would wait a lease time. Only a
//! holder that stopped answering (its deadline passed) is taken over without the kernel lock.

use std::collections::hash_map::RandomState;
use std::fs::File;
use std::hash::BuildHasher;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fs4::FileExt;

use super::open_private;

/// The store's files.
#[derive(Debug)]
pub(super) struct Paths {
    pub(super) token: PathBuf,
    pub(super) dir: PathBuf,
    pub(super) temp: PathBuf,
    lock: PathBuf,
    wake: PathBuf,
}

impl Paths {
    pub(super) fn new(token: PathBuf) -> Self {
        let dir = match token.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = token.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Self {
            temp: dir.join(format!(".{name}.tmp")),
            lock: dir.join(format!("{name}.lock")),
            wake: dir.join(format!("{name}.lease")),
            dir,
            token,
        }
    }
}

/// The lease, while held: dropping it lets go of the kernel lock (waking the waiters) and stops
/// the thread that extends it.
#[derive(Debug)]
pub struct FileLease {
    owner: Arc<str>,
    _wake: File,
    _watchdog: Sender<()>,
}

impl FileLease {
    pub(super) fn owner(&self) -> Arc<str> {
        Arc::clone(&self.owner)
    }
}

/// What the record says of a would-be writer.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// The writer holds the lease.
    Ours,
    /// Nobody holds it.
    Free,
    /// Another holder does, until its deadline.
    Other,
}

/// The owner of a record that its holder let go of.
const RELEASED: &str = "-";

struct Record {
    owner: String,
    until: u64,
    flock: bool,
}

fn unix_ms() -> u64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// A name no other lease of any process will have: pid, time, a counter and random bits.
fn new_owner() -> Arc<str> {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let count = COUNT.fetch_add(1, Ordering::Relaxed);
    let random = RandomState::new().hash_one(count);
    format!("{}-{}-{count}-{random:016x}", std::process::id(), unix_ms()).into()
}

/// The record; a missing or torn one (a crash while writing it) reads as none: the lease only
/// saves work, and the version check keeps the token right.
fn read(lock: &mut File) -> io::Result<Option<Record>> {
    let mut text = String::new();
    lock.seek(SeekFrom::Start(0))?;
    if lock.read_to_string(&mut text).is_err() {
        return Ok(None);
    }
    let mut words = text.split_whitespace();
    let (Some(owner), Some(until), Some(flock)) = (words.next(), words.next(), words.next()) else {
        return Ok(None);
    };
    Ok(until.parse().ok().map(|until| Record { owner: owner.into(), until, flock: flock == "1" }))
}

fn write(lock: &mut File, record: Option<&Record>) -> io::Result<()> {
    lock.set_len(0)?;
    lock.seek(SeekFrom::Start(0))?;
    if let Some(r) = record {
        writeln!(lock, "{} {} {}", r.owner, r.until, u8::from(r.flock))?;
    }
    Ok(())
}

/// Runs `f` with `<file>.lock` open and locked (a few milliseconds: no refresh runs under it).
pub(super) fn locked<R>(paths: &Paths, f: impl FnOnce(&mut File) -> io::Result<R>) -> io::Result<R> {
    let mut lock = open_private(&paths.lock, false)?;
    FileExt::lock(&lock)?;
    f(&mut lock)
}

/// The record's verdict on `owner`.
pub(super) fn verdict(lock: &mut File, owner: &str) -> io::Result<Verdict> {
    Ok(match read(lock)? {
        Some(r) if r.owner == owner => Verdict::Ours,
        Some(r) if r.until > unix_ms() => Verdict::Other,
        _ => Verdict::Free,
    })
}

/// Takes the lease, blocking this (dedicated) thread: woken by the kernel when the holder lets
/// go, or at the holder's deadline; gives up with `TimedOut` after four lease times.
pub(super) fn acquire(paths: Arc<Paths>, lease_time: Duration) -> io::Result<FileLease> {
    let owner = new_owner();
    let wake = open_private(&paths.wake, false)?;
    let give_up = Instant::now() + lease_time.saturating_mul(4);
    let mut have_flock = false;
    let mut woken: Option<mpsc::Receiver<io::Result<()>>> = None;
    loop {
        let busy_until = locked(&paths, |lock| {
            // Under the record's lock: no other process decides between our taking the kernel
            // lock and our record.
            have_flock = have_flock || FileExt::try_lock(&wake).is_ok();
            let now = unix_ms();
            match read(lock)? {
                Some(r) if r.until > now && !(r.flock && have_flock) => Ok(Some(r.until)),
                _ => {
                    let mine = Record {
                        owner: owner.to_string(),
                        until: now.saturating_add(ms(lease_time)),
                        flock: have_flock,
                    };
                    write(lock, Some(&mine))?;
                    Ok(None)
                }
            }
        })?;
        let Some(until) = busy_until else {
            let watchdog = watchdog(Arc::clone(&paths), Arc::clone(&owner), lease_time)?;
            return Ok(FileLease { owner, _wake: wake, _watchdog: watchdog });
        };
        let left = give_up.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "waited four lease times for the lease"));
        }
        let wait = Duration::from_millis(until.saturating_sub(unix_ms()).saturating_add(2)).min(left);
        if have_flock {
            // The holder took over a lapsed lease without the kernel lock (its owner was
            // stopped): only its deadline can end the wait.
            std::thread::sleep(wait);
            continue;
        }
        let rx = match &woken {
            Some(rx) => rx,
            None => woken.insert(wake_on_unlock(&wake)?),
        };
        match rx.recv_timeout(wait) {
            Ok(Ok(())) => have_flock = true,
            Ok(Err(e)) => return Err(e),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Err(io::Error::other("the lease's waiting thread ended")),
        }
    }
}

/// A thread blocked on the kernel lock of `wake` (shared with it: the lock it gets is `wake`'s),
/// reporting when it has it.
fn wake_on_unlock(wake: &File) -> io::Result<mpsc::Receiver<io::Result<()>>> {
    let clone = wake.try_clone()?;
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new().name("token-store-wait".into()).spawn(move || {
        let _ = tx.send(FileExt::lock(&clone));
    })?;
    Ok(rx)
}

/// A thread extending the lease every third of the lease time until the lease is dropped or
/// lost.
fn watchdog(paths: Arc<Paths>, owner: Arc<str>, lease_time: Duration) -> io::Result<Sender<()>> {
    let (tx, rx) = mpsc::channel::<()>();
    std::thread::Builder::new().name("token-store-lease".into()).spawn(move || {
        while let Err(RecvTimeoutError::Timeout) = rx.recv_timeout(lease_time / 3) {
            if !extend(&paths, &owner, lease_time).unwrap_or(false) {
                break;
            }
        }
    })?;
    Ok(tx)
}

/// Extends the lease if `owner` still holds it; whether it does.
pub(super) fn extend(paths: &Paths, owner: &str, lease_time: Duration) -> io::Result<bool> {
    locked(paths, |lock| match read(lock)? {
        Some(mut r) if r.owner == owner => {
            r.until = unix_ms().saturating_add(ms(lease_time));
            write(lock, Some(&r))?;
            Ok(true)
        }
        _ => Ok(false),
    })
}

/// Lets go of the lease, then of the kernel lock. A holder with the kernel lock leaves its
/// record, released, to the process that gets that lock next (the others wait for the lock, or
/// for a lease time should that process stop before it takes the lease); one without clears it.
pub(super) fn release(paths: &Paths, lease: FileLease, lease_time: Duration) -> io::Result<()> {
    let released = locked(paths, |lock| match read(lock)? {
        Some(r) if r.owner == *lease.owner && r.flock => {
            let until = unix_ms().saturating_add(ms(lease_time));
            write(lock, Some(&Record { owner: RELEASED.into(), until, flock: true }))
        }
        Some(r) if r.owner == *lease.owner => write(lock, None),
        _ => Ok(()),
    });
    drop(lease);
    released
}
