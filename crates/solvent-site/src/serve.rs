//! `solvent serve`: a small static server for a published site, for local
//! use and the browser tests. Production needs none: any static host or CDN
//! serves the same files. Range requests, content types and conditional
//! requests (Last-Modified) come from tower-http's `ServeDir`; this module
//! adds the headers a verification page should be served with.

use std::net::SocketAddr;
use std::path::Path;

use axum::http::header::{self, HeaderName, HeaderValue};
use axum::serve::ListenerExt as _;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The page may run its own inline script and WebAssembly, and fetch from
/// its own origin only; nothing else. (`'unsafe-inline'`: the page is one
/// self-contained file, so that it also works opened from disk; it shows no
/// content from elsewhere.)
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Every file may be cached but is revalidated before use: a site's file
/// names stay the same from round to round while their contents change.
pub const CACHE_CONTROL: &str = "public, no-cache";

/// The router serving `site`.
pub fn router(site: &Path) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    Router::new()
        .fallback_service(ServeDir::new(site).append_index_html_on_directories(true))
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header(header::CACHE_CONTROL, CACHE_CONTROL))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ))
}

/// Serves `site` on `addr` until interrupted (Ctrl-C or SIGTERM); `ready`
/// hears the address bound (a port of 0 picks a free one).
pub fn run(site: &Path, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        // Small responses (headers, statement.json) go out at once instead
        // of waiting on the client's delayed acknowledgement.
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, router(site))
            .with_graceful_shutdown(shutdown())
            .await
    })
}

async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut s) = signal(SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
