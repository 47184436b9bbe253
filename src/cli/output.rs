//! Writing results to stdout and errors to stderr.

use std::io::Write;

use crate::Error;

/// Writes a report to stdout. A closed pipe (`capplan plan ... | head`) is not an error.
pub fn write_stdout(text: &str) -> crate::Result<()> {
    let mut stdout = std::io::stdout().lock();
    let result = stdout
        .write_all(text.as_bytes())
        .and_then(|()| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                stdout.write_all(b"\n")
            }
        })
        .and_then(|()| stdout.flush());
    match result {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Error::io(
            std::path::Path::new("<stdout>"),
            "write failed",
            error,
        )),
    }
}

/// Prints an error and its causes to stderr, in the output language.
pub fn print_error(error: &Error) {
    let mut message = format!("{}: {error}", crate::t!("error-prefix"));
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n  {}: {cause}", crate::t!("error-caused-by")));
        source = cause.source();
    }
    eprintln!("{message}");
}
