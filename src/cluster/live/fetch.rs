//! Paginated, retried GET lists against the API server.
//!
//! Every request is a GET built by kube-core's `Request::list`/`list_metadata` and sent
//! through `kube::Client::send`, so this module reads the status code and the
//! `Retry-After` header that `Api::list` would hide.

use std::time::Duration;

use indicatif::ProgressBar;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ListMeta;
use kube::core::params::ListParams;
use kube::core::{ApiResource, DynamicObject, Request, Resource, Status};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::config::error_chain;

/// Marks a failure to connect at all, as opposed to an error answer from the server.
const UNREACHABLE_PREFIX: &str = "\u{0}unreachable:";
/// Consecutive connection failures after which a list gives up (about 2 s of backoff).
pub(super) const MAX_UNREACHABLE_ATTEMPTS: u32 = 4;

/// One page of a list response; `items` keeps only the fields `T` declares.
#[derive(Deserialize)]
struct Page<T> {
    #[serde(default)]
    metadata: ListMeta,
    #[serde(default = "Vec::new")]
    items: Vec<T>,
}

/// A failed list, before it is turned into a user-facing error.
#[derive(Debug)]
pub(crate) enum ListFailure {
    /// The server returned a status that retrying cannot fix (401, 403, 404, 400, ...).
    Status {
        code: u16,
        reason: String,
        message: String,
    },
    /// The total time ran out; `last` is the last transient failure seen, if any.
    TimedOut { last: String },
    /// Every connection attempt failed (refused, unresolvable, TLS handshake).
    Unreachable { last: String },
    /// A continue token expired more often than the restart bound allows.
    GoneRepeatedly { restarts: u32 },
    /// The body was not the JSON list it should be.
    InvalidBody(String),
}

/// The outcome of a single request.
enum Attempt<T> {
    Page(Page<T>),
    /// 410 Gone: the continue token expired.
    Gone,
    /// 429, 5xx, a timeout or a broken connection: try again after `retry_after` or the backoff.
    Transient {
        detail: String,
        retry_after: Option<Duration>,
    },
    Failed(ListFailure),
}

/// Timeouts and backoff shared by all lists of one `read_cluster` call.
pub(crate) struct Fetcher<'a> {
    pub client: &'a kube::Client,
    pub deadline: Instant,
    pub request_timeout: Duration,
    pub backoff_initial: Duration,
    pub backoff_max: Duration,
    pub page_size: u32,
    pub max_gone_restarts: u32,
    pub progress: &'a ProgressBar,
}

/// A list request: the resource, its selectors, and whether only metadata is wanted.
pub(crate) struct ListSpec<'a> {
    pub resource: &'a ApiResource,
    pub label_selector: Option<&'a str>,
    pub field_selector: Option<&'a str>,
    pub metadata_only: bool,
}

impl Fetcher<'_> {
    /// Lists every object of `spec.resource` across all namespaces, page by page.
    ///
    /// A 410 Gone on a continue token restarts the list from the first page, at most
    /// `max_gone_restarts` times, because objects read from the expired snapshot cannot be
    /// mixed with a newer one.
    pub async fn list_all<T: DeserializeOwned>(
        &self,
        spec: &ListSpec<'_>,
    ) -> Result<Vec<T>, ListFailure> {
        let url_path = DynamicObject::url_path(spec.resource, None);
        let request = Request::new(url_path);
        let mut restarts = 0;

        'restart: loop {
            let mut items: Vec<T> = Vec::new();
            let mut continue_token: Option<String> = None;
            loop {
                let params = self.params(spec, continue_token.as_deref());
                match self.fetch_page::<T>(&request, &params, spec).await? {
                    Some(page) => {
                        items.extend(page.items);
                        self.progress.set_message(crate::t!(
                            "live-progress",
                            resource = spec.resource.plural.as_str(),
                            count = items.len()
                        ));
                        continue_token = page.metadata.continue_.filter(|token| !token.is_empty());
                        if continue_token.is_none() {
                            return Ok(items);
                        }
                    }
                    None => {
                        // Only a continue token can expire; on the first page 410 is an error.
                        if continue_token.is_none() || restarts >= self.max_gone_restarts {
                            return Err(ListFailure::GoneRepeatedly {
                                restarts: restarts + 1,
                            });
                        }
                        restarts += 1;
                        tracing::debug!(
                            resource = %spec.resource.plural,
                            restarts,
                            "continue token expired; restarting the list"
                        );
                        continue 'restart;
                    }
                }
            }
        }
    }

    fn params(&self, spec: &ListSpec<'_>, continue_token: Option<&str>) -> ListParams {
        let mut params = ListParams::default().limit(self.page_size);
        if let Some(labels) = spec.label_selector {
            params = params.labels(labels);
        }
        if let Some(fields) = spec.field_selector {
            params = params.fields(fields);
        }
        if let Some(token) = continue_token {
            params = params.continue_token(token);
        }
        params
    }

    /// Fetches one page, retrying transient failures until the deadline. `None` means 410 Gone.
    async fn fetch_page<T: DeserializeOwned>(
        &self,
        request: &Request,
        params: &ListParams,
        spec: &ListSpec<'_>,
    ) -> Result<Option<Page<T>>, ListFailure> {
        let mut backoff = self.backoff_initial;
        let mut unreachable = 0;
        loop {
            let remaining = self.deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(ListFailure::TimedOut {
                    last: crate::t!("live-no-response"),
                });
            }
            let attempt_timeout = self.request_timeout.min(remaining);
            let attempt = match tokio::time::timeout(
                attempt_timeout,
                self.attempt::<T>(request, params, spec.metadata_only),
            )
            .await
            {
                Ok(attempt) => attempt,
                Err(_) => Attempt::Transient {
                    detail: crate::t!(
                        "live-request-timed-out",
                        seconds = format_seconds(attempt_timeout)
                    ),
                    retry_after: None,
                },
            };

            // A server that refuses every connection is down or the address is wrong;
            // kubectl gives up at once, so stop after a few tries instead of the full budget.
            if let Attempt::Transient { detail, .. } = &attempt
                && detail.starts_with(UNREACHABLE_PREFIX)
            {
                unreachable += 1;
                if unreachable >= MAX_UNREACHABLE_ATTEMPTS {
                    return Err(ListFailure::Unreachable {
                        last: detail.trim_start_matches(UNREACHABLE_PREFIX).to_string(),
                    });
                }
            } else {
                unreachable = 0;
            }
            let attempt = match attempt {
                Attempt::Transient {
                    detail,
                    retry_after,
                } => Attempt::Transient {
                    detail: detail.trim_start_matches(UNREACHABLE_PREFIX).to_string(),
                    retry_after,
                },
                other => other,
            };

            match attempt {
                Attempt::Page(page) => return Ok(Some(page)),
                Attempt::Gone => return Ok(None),
                Attempt::Failed(failure) => return Err(failure),
                Attempt::Transient {
                    detail,
                    retry_after,
                } => {
                    let delay = retry_after.unwrap_or(backoff);
                    let remaining = self.deadline.saturating_duration_since(Instant::now());
                    if delay >= remaining {
                        return Err(ListFailure::TimedOut { last: detail });
                    }
                    tracing::debug!(
                        resource = %spec.resource.plural,
                        delay_ms = delay.as_millis() as u64,
                        %detail,
                        "retrying list request"
                    );
                    tokio::time::sleep(delay).await;
                    if retry_after.is_none() {
                        backoff = (backoff * 2).min(self.backoff_max);
                    }
                }
            }
        }
    }

    async fn attempt<T: DeserializeOwned>(
        &self,
        request: &Request,
        params: &ListParams,
        metadata_only: bool,
    ) -> Attempt<T> {
        let built = if metadata_only {
            request.list_metadata(params)
        } else {
            request.list(params)
        };
        let http_request = match built {
            Ok(http_request) => http_request,
            Err(error) => return Attempt::Failed(ListFailure::InvalidBody(error_chain(&error))),
        };

        let response = match self
            .client
            .send(http_request.map(kube::client::Body::from))
            .await
        {
            Ok(response) => response,
            // Refused, reset or closed connections and TLS failures all land here. They are
            // retried: a TLS failure then ends as a timeout that still names the cause.
            Err(error) => {
                return Attempt::Transient {
                    detail: format!("{UNREACHABLE_PREFIX}{}", error_chain(&error)),
                    retry_after: None,
                };
            }
        };
        let code = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = match response.into_body().collect_bytes().await {
            Ok(body) => body,
            Err(error) => {
                return Attempt::Transient {
                    detail: error_chain(&error),
                    retry_after: None,
                };
            }
        };

        if (200..300).contains(&code) {
            return match serde_json::from_slice::<Page<T>>(&body) {
                Ok(page) => Attempt::Page(page),
                Err(error) => Attempt::Failed(ListFailure::InvalidBody(error.to_string())),
            };
        }

        let status = parse_status(code, &body);
        match code {
            410 => Attempt::Gone,
            429 => Attempt::Transient {
                detail: describe_status(code, &status),
                // The API server sends both the header and `details.retryAfterSeconds`.
                retry_after: retry_after.or_else(|| {
                    status
                        .details
                        .as_ref()
                        .map(|details| details.retry_after_seconds)
                        .filter(|seconds| *seconds > 0)
                        .map(|seconds| Duration::from_secs(u64::from(seconds)))
                }),
            },
            500..=599 => Attempt::Transient {
                detail: describe_status(code, &status),
                retry_after,
            },
            _ => Attempt::Failed(ListFailure::Status {
                code,
                reason: status.reason.clone(),
                message: status.message.clone(),
            }),
        }
    }
}

/// Reads a `Status` body, or builds one from the raw text when a proxy returned plain text instead.
fn parse_status(code: u16, body: &[u8]) -> Status {
    match serde_json::from_slice::<Status>(body) {
        Ok(status) => status,
        Err(_) => {
            let text = String::from_utf8_lossy(body).trim().to_string();
            Status::failure(&text, "").with_code(code)
        }
    }
}

fn describe_status(code: u16, status: &Status) -> String {
    if status.reason.is_empty() {
        format!("HTTP {code}: {}", status.message)
    } else {
        format!("HTTP {code} {}: {}", status.reason, status.message)
    }
}

/// Formats a duration as seconds with up to three decimals: `0.25`, `30`.
pub(crate) fn format_seconds(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis.is_multiple_of(1000) {
        format!("{}", millis / 1000)
    } else {
        let text = format!("{}.{:03}", millis / 1000, millis % 1000);
        text.trim_end_matches('0').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_format_trims_zeros() {
        assert_eq!(format_seconds(Duration::from_millis(250)), "0.25");
        assert_eq!(format_seconds(Duration::from_secs(30)), "30");
        assert_eq!(format_seconds(Duration::from_millis(1500)), "1.5");
    }

    #[test]
    fn status_from_plain_text_keeps_code() {
        let status = parse_status(502, b"Bad Gateway\n");
        assert_eq!(status.code, 502);
        assert_eq!(status.message, "Bad Gateway");
    }
}
