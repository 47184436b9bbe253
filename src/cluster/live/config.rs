//! Finding the cluster to read: kubeconfig resolution as kubectl does it, then in-cluster config.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use kube::config::{KubeConfigOptions, Kubeconfig};

use crate::Error;

/// The origin of the client configuration, in kubectl's order of precedence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConfigSource {
    /// `--kubeconfig PATH`.
    Flag(PathBuf),
    /// `KUBECONFIG`, a list of files merged so that the first file to set a value wins.
    EnvList(Vec<PathBuf>),
    /// `~/.kube/config`.
    Home(PathBuf),
    /// No kubeconfig: the pod's service account (`KUBERNETES_SERVICE_HOST` and the mounted token).
    InCluster,
}

/// Picks the kubeconfig source from the flag, the value of `KUBECONFIG` and the home directory.
///
/// Empty entries in `KUBECONFIG` are ignored and an empty list falls through to the home
/// file, as kubectl does. The home file is used only when it exists, so a pod without one
/// falls back to its service account.
pub(crate) fn resolve_source(
    flag: Option<&Path>,
    kubeconfig_env: Option<OsString>,
    home: Option<PathBuf>,
) -> ConfigSource {
    if let Some(path) = flag {
        return ConfigSource::Flag(path.to_path_buf());
    }
    if let Some(value) = kubeconfig_env {
        let paths: Vec<PathBuf> = std::env::split_paths(&value)
            .filter(|path| !path.as_os_str().is_empty())
            .collect();
        if !paths.is_empty() {
            return ConfigSource::EnvList(paths);
        }
    }
    if let Some(home) = home {
        let path = home.join(".kube").join("config");
        if path.is_file() {
            return ConfigSource::Home(path);
        }
    }
    ConfigSource::InCluster
}

/// A client configuration and a short description of where it points, for `ClusterState::sources`.
pub(crate) struct ResolvedConfig {
    pub config: kube::Config,
    pub source: String,
}

/// Loads the client configuration for `source`, selecting `context` when given.
pub(crate) async fn load_config(
    source: &ConfigSource,
    context: Option<&str>,
) -> crate::Result<ResolvedConfig> {
    let kubeconfig = match source {
        ConfigSource::Flag(path) | ConfigSource::Home(path) => read_file(path)?,
        ConfigSource::EnvList(paths) => {
            let mut merged = Kubeconfig::default();
            for path in paths {
                // A listed file that does not exist is skipped, as kubectl skips it; a file
                // that exists but cannot be parsed is an error.
                if !path.exists() {
                    continue;
                }
                let next = read_file(path)?;
                merged = merged
                    .merge(next)
                    .map_err(|error| kubeconfig_error(&path.display().to_string(), &error))?;
            }
            merged
        }
        ConfigSource::InCluster => return load_in_cluster(context),
    };

    let context_name = context
        .map(str::to_string)
        .or_else(|| kubeconfig.current_context.clone())
        .unwrap_or_default();
    let cluster_name = kubeconfig
        .contexts
        .iter()
        .find(|named| named.name == context_name)
        .and_then(|named| named.context.as_ref())
        .map(|context| context.cluster.clone())
        .unwrap_or_default();
    let options = KubeConfigOptions {
        context: context.map(str::to_string),
        ..KubeConfigOptions::default()
    };
    let config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
        .await
        .map_err(|error| kubeconfig_error(&describe(source), &error))?;
    Ok(ResolvedConfig {
        source: format!("{context_name}/{cluster_name}"),
        config,
    })
}

fn load_in_cluster(context: Option<&str>) -> crate::Result<ResolvedConfig> {
    if let Some(context) = context {
        return Err(Error::Cluster(crate::t!(
            "live-context-without-kubeconfig",
            context = context
        )));
    }
    let config = kube::Config::incluster().map_err(|error| {
        Error::Cluster(crate::t!(
            "live-no-kubeconfig",
            detail = error_chain(&error)
        ))
    })?;
    Ok(ResolvedConfig {
        source: format!("in-cluster/{}", config.cluster_url),
        config,
    })
}

fn read_file(path: &Path) -> crate::Result<Kubeconfig> {
    // kube-rs reads the whole file; refuse one past the input limit before it does.
    if std::fs::metadata(path)
        .is_ok_and(|metadata| metadata.is_file() && metadata.len() > crate::input::MAX_INPUT_BYTES)
    {
        return Err(crate::input::too_large(path, crate::input::MAX_INPUT_BYTES));
    }
    Kubeconfig::read_from(path)
        .map_err(|error| kubeconfig_error(&path.display().to_string(), &error))
}

/// Parses kubeconfig text the way a kubeconfig file is read (several documents are
/// merged, the first to set a value wins); `origin` names the text in errors.
///
/// # Errors
/// `Error::Cluster` naming `origin` when the text is not a valid kubeconfig.
pub fn parse_kubeconfig(text: &str, origin: &str) -> crate::Result<Kubeconfig> {
    Kubeconfig::from_yaml(text).map_err(|error| kubeconfig_error(origin, &error))
}

fn describe(source: &ConfigSource) -> String {
    match source {
        ConfigSource::Flag(path) | ConfigSource::Home(path) => path.display().to_string(),
        ConfigSource::EnvList(paths) => std::env::join_paths(paths)
            .map(|joined| format!("KUBECONFIG={}", joined.to_string_lossy()))
            .unwrap_or_else(|_| "KUBECONFIG".to_string()),
        ConfigSource::InCluster => "in-cluster".to_string(),
    }
}

fn kubeconfig_error(location: &str, error: &dyn std::error::Error) -> Error {
    Error::Cluster(crate::t!(
        "live-kubeconfig-invalid",
        location = location,
        detail = error_chain(error)
    ))
}

/// Joins an error and its sources with ": ", because kube-rs often keeps the useful part
/// (an unknown TLS issuer, a missing file) several levels down.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_over_environment() {
        let source = resolve_source(
            Some(Path::new("/tmp/flag.yaml")),
            Some(OsString::from("/tmp/a:/tmp/b")),
            None,
        );
        assert_eq!(source, ConfigSource::Flag(PathBuf::from("/tmp/flag.yaml")));
    }

    #[test]
    fn environment_list_skips_empty_entries() {
        let source = resolve_source(None, Some(OsString::from("/tmp/a::/tmp/b:")), None);
        assert_eq!(
            source,
            ConfigSource::EnvList(vec![PathBuf::from("/tmp/a"), PathBuf::from("/tmp/b")])
        );
    }

    #[test]
    fn empty_environment_falls_through_to_home() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join(".kube")).unwrap();
        std::fs::write(home.path().join(".kube/config"), "apiVersion: v1\n").unwrap();
        let source = resolve_source(None, Some(OsString::new()), Some(home.path().into()));
        assert_eq!(source, ConfigSource::Home(home.path().join(".kube/config")));
    }

    #[test]
    fn missing_home_file_means_in_cluster() {
        let home = tempfile::tempdir().unwrap();
        let source = resolve_source(None, None, Some(home.path().into()));
        assert_eq!(source, ConfigSource::InCluster);
    }

    #[tokio::test]
    async fn environment_list_merges_first_wins() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("first.yaml");
        let second = dir.path().join("second.yaml");
        // The first file sets current-context; the second adds the cluster and user. kubectl's
        // merge keeps the first file's current-context and takes the rest from the second.
        std::fs::write(
            &first,
            "apiVersion: v1\nkind: Config\ncurrent-context: fake\n",
        )
        .unwrap();
        std::fs::write(
            &second,
            "apiVersion: v1\nkind: Config\ncurrent-context: other\n\
             clusters:\n- name: fake-cluster\n  cluster:\n    server: http://127.0.0.1:9\n\
             contexts:\n- name: fake\n  context:\n    cluster: fake-cluster\n    user: u\n\
             - name: other\n  context:\n    cluster: fake-cluster\n    user: u\n\
             users:\n- name: u\n  user:\n    token: abc\n",
        )
        .unwrap();
        let missing = dir.path().join("missing.yaml");
        let source = ConfigSource::EnvList(vec![first, missing, second]);
        let resolved = load_config(&source, None).await.unwrap();
        assert_eq!(resolved.source, "fake/fake-cluster");
        assert_eq!(
            resolved.config.cluster_url.to_string(),
            "http://127.0.0.1:9/"
        );
    }

    #[tokio::test]
    async fn unknown_context_names_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(&path, "apiVersion: v1\nkind: Config\ncontexts: []\n").unwrap();
        let error = load_config(&ConfigSource::Flag(path.clone()), Some("prod"))
            .await
            .err()
            .unwrap();
        let text = error.to_string();
        assert!(text.contains(&path.display().to_string()), "{text}");
        assert!(text.contains("prod"), "{text}");
    }
}
