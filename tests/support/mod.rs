//! A fake Kubernetes API server for integration tests: plain HTTP/1.1 on 127.0.0.1, serving
//! discovery, lists and gets from the JSON fixtures in tests/fixtures/apiserver.
//!
//! It speaks the wire format kube-rs and kubectl expect (list kinds, `metadata.continue`,
//! `Status` error bodies, `Retry-After`) and can inject faults per path. Every request is
//! logged so that tests can check what a client sent.

#![allow(dead_code)]

mod selectors;
mod wire;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

pub use wire::Fixtures;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    pub accept: Option<String>,
}

impl LoggedRequest {
    /// Returns the decoded value of a query parameter.
    pub fn param(&self, name: &str) -> Option<String> {
        wire::query_pairs(&self.query)
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }
}

/// A fault the server injects in place of (or before) its normal response.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Responds with a `Status` body of this code (401, 403, 404, 410, 500, 503, ...).
    Status(u16),
    /// Responds 429 with `Retry-After` and `details.retryAfterSeconds`.
    TooManyRequests { retry_after_seconds: u32 },
    /// Waits, then responds normally.
    Delay(Duration),
    /// Closes the connection without sending a response.
    Drop,
}

/// A fault applied to requests on one path.
#[derive(Debug, Clone)]
pub struct FaultRule {
    path: String,
    only_with_continue: bool,
    remaining: Option<usize>,
    fault: Fault,
}

impl FaultRule {
    /// Creates a fault on every request to `path` (exact match, without the query).
    pub fn new(path: &str, fault: Fault) -> FaultRule {
        FaultRule {
            path: path.to_string(),
            only_with_continue: false,
            remaining: None,
            fault,
        }
    }

    /// Applies the fault only `count` times, then responds normally.
    pub fn times(mut self, count: usize) -> FaultRule {
        self.remaining = Some(count);
        self
    }

    /// Applies the fault only to requests that carry a `continue` token.
    pub fn on_continue(mut self) -> FaultRule {
        self.only_with_continue = true;
        self
    }
}

#[derive(Default)]
struct State {
    fixtures: Fixtures,
    faults: Vec<FaultRule>,
    log: Vec<LoggedRequest>,
}

/// A running fake API server; it stops when dropped.
pub struct FakeApiServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeApiServer {
    /// Starts a server with the fixtures from tests/fixtures/apiserver.
    pub fn start() -> FakeApiServer {
        FakeApiServer::start_with(Fixtures::load(&fixture_dir()))
    }

    /// Starts a server on an ephemeral port of 127.0.0.1 with `fixtures`.
    pub fn start_with(fixtures: Fixtures) -> FakeApiServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State {
            fixtures,
            ..State::default()
        }));
        let (shutdown, mut shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let thread_state = Arc::clone(&state);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                loop {
                    tokio::select! {
                        _ = &mut shutdown_rx => break,
                        accepted = listener.accept() => {
                            let Ok((stream, _)) = accepted else { continue };
                            let state = Arc::clone(&thread_state);
                            tokio::spawn(serve_connection(stream, state));
                        }
                    }
                }
            });
        });
        FakeApiServer {
            addr,
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// Returns the base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn add_fault(&self, rule: FaultRule) {
        self.state.lock().unwrap().faults.push(rule);
    }

    /// Removes an API group from discovery and from routing, as if its CRDs were not installed.
    pub fn remove_group(&self, group: &str) {
        self.state.lock().unwrap().fixtures.remove_group(group);
    }

    /// Returns every request received so far, in order.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.lock().unwrap().log.clone()
    }

    /// Returns the requests to `path`, in order.
    pub fn requests_to(&self, path: &str) -> Vec<LoggedRequest> {
        self.requests()
            .into_iter()
            .filter(|request| request.path == path)
            .collect()
    }

    /// Writes a kubeconfig with one context, `fake`, that points at this server.
    pub fn write_kubeconfig(&self, dir: &Path) -> PathBuf {
        let path = dir.join("kubeconfig");
        let text = format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: fake\n\
             clusters:\n- name: fake-cluster\n  cluster:\n    server: {url}\n\
             contexts:\n- name: fake\n  context:\n    cluster: fake-cluster\n    user: reader\n\
             users:\n- name: reader\n  user:\n    token: fake-token\n",
            url = self.url()
        );
        std::fs::write(&path, text).expect("write kubeconfig");
        path
    }
}

impl Drop for FakeApiServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apiserver")
}

async fn serve_connection(stream: tokio::net::TcpStream, state: Arc<Mutex<State>>) {
    let service = service_fn(move |request| handle(request, Arc::clone(&state)));
    // An error here is either a client that went away or an injected `Fault::Drop`.
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// The error a handler returns to make hyper close the connection without a response.
#[derive(Debug)]
struct DroppedConnection;

impl std::fmt::Display for DroppedConnection {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("connection dropped by fault plan")
    }
}

impl std::error::Error for DroppedConnection {}

async fn handle(
    request: Request<Incoming>,
    state: Arc<Mutex<State>>,
) -> Result<Response<Full<Bytes>>, DroppedConnection> {
    let logged = LoggedRequest {
        method: request.method().to_string(),
        path: request.uri().path().to_string(),
        query: request.uri().query().unwrap_or("").to_string(),
        accept: request
            .headers()
            .get("accept")
            .and_then(|value| value.to_str().ok())
            .map(str::to_string),
    };
    // Drain the body so that keep-alive connections stay usable.
    let _ = request.into_body().collect().await;

    let fault = {
        let mut state = state.lock().unwrap();
        state.log.push(logged.clone());
        take_fault(&mut state.faults, &logged)
    };
    match fault {
        Some(Fault::Drop) => return Err(DroppedConnection),
        Some(Fault::Delay(duration)) => tokio::time::sleep(duration).await,
        Some(Fault::Status(code)) => return Ok(wire::status_response(code, &logged, None)),
        Some(Fault::TooManyRequests {
            retry_after_seconds,
        }) => {
            return Ok(wire::status_response(
                429,
                &logged,
                Some(retry_after_seconds),
            ));
        }
        None => {}
    }

    if logged.method != "GET" {
        return Ok(wire::status_response(405, &logged, None));
    }
    let state = state.lock().unwrap();
    Ok(wire::route(&state.fixtures, &logged))
}

fn take_fault(faults: &mut [FaultRule], request: &LoggedRequest) -> Option<Fault> {
    let has_continue = request
        .param("continue")
        .is_some_and(|token| !token.is_empty());
    for rule in faults.iter_mut() {
        if rule.path != request.path || (rule.only_with_continue && !has_continue) {
            continue;
        }
        match &mut rule.remaining {
            Some(0) => continue,
            Some(remaining) => *remaining -= 1,
            None => {}
        }
        return Some(rule.fault.clone());
    }
    None
}
