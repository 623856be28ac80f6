// Included by the client's and the middleware's doctests (hidden lines) as an expression:
// `let (runtime, endpoint) = include!(..)`, a tokio runtime for reqwest and a token endpoint on
// loopback that answers every request with one body. Not part of the crate.
{

    /// A current-thread tokio runtime with I/O and timers.
    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime")
    }

    /// Serves `body` as JSON (status 400 when it is an error response, else 200) to every request,
    /// on a thread, and returns the endpoint's URL.
    fn endpoint(body: &'static str) -> String {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let url = format!("http://{}/token", listener.local_addr().expect("its address"));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream);
                let mut length = 0;
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                    line.clear();
                }
                let _ = reader.by_ref().take(length).read_to_end(&mut Vec::new());
                let status = if body.contains("\"error\"") { "400 Bad Request" } else { "200 OK" };
                let answer = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = reader.get_mut().write_all(answer.as_bytes());
            }
        });
        url
    }

    (runtime, endpoint)
}
