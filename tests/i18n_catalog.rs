//! The English and Korean message catalogs must define the same message ids, and every
//! command and argument must have help text in both.

use std::collections::BTreeSet;

/// Returns the message ids defined in a Fluent file: lines `id = ...` at column 0.
fn message_ids(path: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
    text.lines()
        .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|line| line.split_once(" ="))
        .map(|(id, _)| id.trim().to_string())
        .collect()
}

#[test]
fn no_id_is_defined_twice() {
    for path in ["i18n/en/capplan.ftl", "i18n/ko/capplan.ftl"] {
        let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
        let mut seen = BTreeSet::new();
        for id in text
            .lines()
            .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .filter_map(|line| line.split_once(" ="))
            .map(|(id, _)| id.trim().to_string())
        {
            assert!(seen.insert(id.clone()), "{path} defines {id} twice");
        }
    }
}

#[test]
fn korean_has_every_english_id() {
    let english = message_ids("i18n/en/capplan.ftl");
    let korean = message_ids("i18n/ko/capplan.ftl");
    let missing: Vec<&String> = english.difference(&korean).collect();
    assert!(
        missing.is_empty(),
        "ids missing in i18n/ko/capplan.ftl: {missing:?}"
    );
}

#[test]
fn english_has_every_korean_id() {
    let english = message_ids("i18n/en/capplan.ftl");
    let korean = message_ids("i18n/ko/capplan.ftl");
    let extra: Vec<&String> = korean.difference(&english).collect();
    assert!(
        extra.is_empty(),
        "ids only in i18n/ko/capplan.ftl: {extra:?}"
    );
}

#[test]
fn every_command_and_argument_has_help() {
    use clap::CommandFactory;
    let ids = capplan::cli::help::all_help_ids(&capplan::cli::Cli::command());
    let english = message_ids("i18n/en/capplan.ftl");
    let missing: Vec<&String> = ids.iter().filter(|id| !english.contains(*id)).collect();
    assert!(missing.is_empty(), "help ids missing: {missing:?}");
}

#[test]
fn korean_messages_are_korean() {
    // A Korean entry identical to its English one is almost always an untranslated copy.
    let parse = |path: &str| -> Vec<(String, String)> {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.lines()
            .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .filter_map(|line| line.split_once(" = "))
            .map(|(id, value)| (id.trim().to_string(), value.trim().to_string()))
            .collect()
    };
    let english: std::collections::BTreeMap<String, String> =
        parse("i18n/en/capplan.ftl").into_iter().collect();
    let untranslated: Vec<String> = parse("i18n/ko/capplan.ftl")
        .into_iter()
        .filter(|(id, value)| {
            // Count letters outside Fluent placeables such as `{ $resource }`.
            let mut depth = 0;
            let mut letters = 0;
            for c in value.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    c if depth == 0 && c.is_ascii_alphabetic() => letters += 1,
                    _ => {}
                }
            }
            let has_words = letters > 12;
            let template = value.contains("{\"{\"}");
            has_words
                && !template
                && english.get(id) == Some(value)
                && !value.chars().any(|c| ('가'..='힣').contains(&c))
        })
        .map(|(id, _)| id)
        .collect();
    assert!(
        untranslated.is_empty(),
        "Korean entries copied from English: {untranslated:?}"
    );
}
