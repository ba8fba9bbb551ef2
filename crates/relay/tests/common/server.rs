//! The relay in-process on `127.0.0.1:0` (library `start` + `serve_relay`), for tests that
//! need its handle or custom limits; `hostile.rs` runs the binary instead. Shared so every
//! suite starts and stops it the same way.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use gendan_relay::{serve_relay, start, Config, Limits, RelayHandle};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub struct Server {
    pub addr: SocketAddr,
    pub handle: RelayHandle,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Serves `dir/dist` with its data in `dir/data`.
    pub async fn start_with(dir: &Path, limits: Limits) -> Server {
        let mut config = Config::new(dir.join("dist"), dir.join("data"));
        config.limits = limits;
        let relay = start(config).expect("relay starts");
        let handle = relay.handle.clone();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            serve_relay(listener, relay, async {
                let _ = stopped.await;
            })
            .await
            .expect("serve");
        });
        Server {
            addr,
            handle,
            stop: Some(stop),
            task,
        }
    }

    pub fn url(&self, token: &str) -> String {
        format!("ws://{}/sync?token={token}", self.addr)
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Generous: a stop drains the hub's queued group commits, and with the other tests of
        // the file running beside it on two cores that took over 10 s once (a clean CI run of
        // bcca1a1, `a_burst_from_one_peer_shares_fsyncs_and_every_change_is_kept`).
        tokio::time::timeout(Duration::from_secs(30), &mut self.task)
            .await
            .expect("server stops")
            .expect("server task");
    }
}
