//! `GET /scope`: what the presented token reaches (its workspace, and the documents it lists,
//! or none when it reaches the whole workspace), told only to whoever holds the token. The app
//! asks before it puts a token into an invite for a factory: a token that reaches more than the
//! one order shared would let any automerge-repo client read every order's money.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::cors::{Any, CorsLayer};

use crate::state::Shared;
use crate::ws::presented_grant;

/// The answer: `docs` is absent for a token that reaches its whole workspace.
#[derive(serde::Serialize)]
struct Scope {
    workspace: String,
    docs: Option<Vec<String>>,
}

pub(crate) fn routes(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/scope", get(scope))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET])
                .allow_headers([header::AUTHORIZATION]),
        )
        .with_state(shared)
}

async fn scope(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Some(grant) = presented_grant(&shared, &headers, &query).await else {
        return (StatusCode::UNAUTHORIZED, "missing or invalid token").into_response();
    };
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(Scope {
            workspace: grant.workspace,
            docs: grant
                .docs
                .map(|docs| docs.iter().map(ToString::to_string).collect()),
        }),
    )
        .into_response()
}
