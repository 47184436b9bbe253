//! User-facing text in English and Korean, through Fluent (`i18n/{en,ko}/capplan.ftl`).
//!
//! Both languages are loaded once; `t!` picks the one chosen for the process, or a
//! thread's override (tests render Korean without changing other threads' output).
//! Message ids and argument names are checked at compile time against the English
//! file; `tests/i18n_catalog.rs` checks that Korean has every id.

use std::cell::Cell;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use rust_embed::RustEmbed;
use serde::Serialize;

#[derive(RustEmbed)]
#[folder = "i18n"]
struct Localizations;

/// An output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Korean (한국어).
    Ko,
}

impl Lang {
    /// Picks Korean when the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, or the OS setting)
    /// starts with `ko`, English otherwise.
    pub fn from_locale() -> Lang {
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(value) = std::env::var(variable)
                && !value.is_empty()
            {
                return Lang::from_tag(&value);
            }
        }
        sys_locale::get_locale()
            .map(|tag| Lang::from_tag(&tag))
            .unwrap_or(Lang::En)
    }

    fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    fn code(self) -> u8 {
        match self {
            Lang::En => 0,
            Lang::Ko => 1,
        }
    }
}

fn build_loader(tag: &str) -> FluentLanguageLoader {
    let loader: FluentLanguageLoader = fluent_language_loader!();
    let language: unic_langid::LanguageIdentifier = match tag.parse() {
        Ok(language) => language,
        Err(_) => loader.fallback_language().clone(),
    };
    // The files are embedded in the binary, so loading can only fail if the build
    // shipped a broken catalog; fall back to the message ids in that case.
    let _ = loader.load_languages(
        &Localizations,
        &[language, loader.fallback_language().clone()],
    );
    loader.set_use_isolating(false);
    loader
}

static ENGLISH: LazyLock<FluentLanguageLoader> = LazyLock::new(|| build_loader("en"));
static KOREAN: LazyLock<FluentLanguageLoader> = LazyLock::new(|| build_loader("ko"));
static PROCESS_LANG: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static THREAD_LANG: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Sets the language for the whole process.
pub fn set_language(lang: Lang) {
    PROCESS_LANG.store(lang.code(), Ordering::Relaxed);
}

/// Returns the language in effect on this thread.
pub fn language() -> Lang {
    THREAD_LANG.with(Cell::get).unwrap_or_else(|| {
        if PROCESS_LANG.load(Ordering::Relaxed) == Lang::Ko.code() {
            Lang::Ko
        } else {
            Lang::En
        }
    })
}

/// Runs `render` with `lang` on this thread only, then restores the previous choice.
pub fn with_language<T>(lang: Lang, render: impl FnOnce() -> T) -> T {
    let previous = THREAD_LANG.with(|cell| cell.replace(Some(lang)));
    let result = render();
    THREAD_LANG.with(|cell| cell.set(previous));
    result
}

/// Returns the loader for the language in effect; used by `t!`.
pub fn loader() -> &'static FluentLanguageLoader {
    match language() {
        Lang::En => &ENGLISH,
        Lang::Ko => &KOREAN,
    }
}

/// Looks up a message in the current language: `t!("plan-title")` or
/// `t!("pods-pending", count = 3)`. Ids and argument names are checked at compile time.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        i18n_embed_fl::fl!($crate::i18n::loader(), $id)
    };
    ($id:literal, $($args:tt)*) => {
        i18n_embed_fl::fl!($crate::i18n::loader(), $id, $($args)*)
    };
}
