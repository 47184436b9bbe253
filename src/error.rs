//! The error type of capplan and the exit codes of its command line.
//!
//! Findings (a pod predicted Pending, an OOM risk) are results, not errors: they
//! travel in reports and map to exit code 1. An `Error` is input capplan cannot use
//! (a broken file, an invalid field, a cluster that refuses access) and maps to 2.

use std::path::{Path, PathBuf};

/// Process exit codes, shared by every command.
pub mod exit_code {
    /// Every pod runs; no finding at the failing level.
    pub const SUCCESS: u8 = 0;
    /// The result has a failing finding: a pod Pending or rejected, or a plan that does not fit.
    pub const FINDINGS: u8 = 1;
    /// Bad input or unreadable state: the result could not be computed.
    pub const BAD_INPUT: u8 = 2;
}

/// An error that stops a command, with the place it comes from and what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file, field or object is invalid or missing. `location` names the file and
    /// line or the object (`scenarios/30k.yaml:12:5`, `Job load-test/k6 in jobs.yaml`).
    #[error("{location}: {message}")]
    Input { location: String, message: String },

    /// A file or directory could not be read or written.
    #[error("{}: {message}: {source}", path.display())]
    Io {
        path: PathBuf,
        message: String,
        #[source]
        source: std::io::Error,
    },

    /// The cluster could not be read: unreachable, refused access, or answered with an error.
    #[error("{0}")]
    Cluster(String),
}

impl Error {
    /// Builds an input error for `location` with a message that says what to do.
    pub fn input(location: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Input {
            location: location.into(),
            message: message.into(),
        }
    }

    /// Builds an I/O error for `path`.
    pub fn io(path: &Path, message: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            message: message.into(),
            source,
        }
    }

    /// Returns the exit code this error maps to.
    pub fn exit_code(&self) -> u8 {
        exit_code::BAD_INPUT
    }
}

/// The result type of capplan's library functions.
pub type Result<T, E = Error> = std::result::Result<T, E>;
