//! Where credentials may travel: HTTPS anywhere, plain HTTP only to this machine or to hosts
//! named for it. Shared by the token client and the middleware.

use std::net::IpAddr;

/// Whether `host` (as a URL writes it: `[::1]` with brackets) is this machine: `localhost` or a
/// loopback address (`127.0.0.0/8`, `::1`).
pub(crate) fn is_loopback(host: &str) -> bool {
    let bare = host.strip_prefix('[').and_then(|host| host.strip_suffix(']')).unwrap_or(host);
    bare.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether credentials may be sent with `scheme` to `host`: `https`, or `http` to a loopback
/// host or to one of `plain_http_hosts` (compared ignoring ASCII case).
pub(crate) fn is_secure(scheme: &str, host: &str, plain_http_hosts: &[String]) -> bool {
    scheme.eq_ignore_ascii_case("https")
        || (scheme.eq_ignore_ascii_case("http")
            && (is_loopback(host) || plain_http_hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(host))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_https_anywhere_http_only_to_loopback_or_named_hosts() {
        let none: &[String] = &[];
        for host in ["127.0.0.1", "127.8.9.10", "[::1]", "::1", "localhost", "LOCALHOST"] {
            assert!(is_secure("http", host, none), "{host}");
        }
        for host in ["example.com", "10.0.0.1", "[::ffff:127.0.0.1]", "127.0.0.1.nip.io", "localhost.example.com", ""] {
            assert!(!is_secure("http", host, none), "{host}");
            assert!(is_secure("https", host, none), "{host}");
        }
        assert!(!is_secure("ftp", "127.0.0.1", none));
        assert!(!is_secure("ws", "example.com", none));
        assert!(is_secure("HTTP", "Sidecar.Internal", &["sidecar.internal".to_owned()]));
        assert!(!is_secure("http", "other.internal", &["sidecar.internal".to_owned()]));
    }
}
