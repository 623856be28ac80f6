//! The Lua scripts: each runs atomically in Redis.

use redis::Script;

/// Extends the lease if `ARGV[1]` holds it: 1, else 0.
/// KEYS: lease. ARGV: owner, lease time (ms).
pub(crate) fn renew() -> Script {
    Script::new(
        r"if redis.call('GET', KEYS[1]) == ARGV[1] then
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
        end
        return 0",
    )
}

/// Deletes the lease if `ARGV[1]` holds it, and wakes the waiters.
/// KEYS: lease, channel. ARGV: owner.
pub(crate) fn release() -> Script {
    Script::new(
        r"if redis.call('GET', KEYS[1]) == ARGV[1] then
            redis.call('DEL', KEYS[1])
        end
        redis.call('PUBLISH', KEYS[2], 'released')
        return 1",
    )
}

/// The compare-and-set: stores the token as the next version if the stored version is still
/// `ARGV[2]` (0: none) and no other owner holds the lease; wakes the waiters. The new version,
/// or -1 when refused.
/// KEYS: token, lease, channel. ARGV: owner, expected version, sealed token.
pub(crate) fn commit() -> Script {
    Script::new(
        r"local holder = redis.call('GET', KEYS[2])
        if holder and holder ~= ARGV[1] then
            return -1
        end
        local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
        if version ~= tonumber(ARGV[2]) then
            return -1
        end
        version = version + 1
        redis.call('HSET', KEYS[1], 'version', version, 'token', ARGV[3])
        redis.call('PUBLISH', KEYS[3], 'committed')
        return version",
    )
}
