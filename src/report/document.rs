//! A format-neutral report: headed blocks of key–value pairs, tables and findings,
//! rendered for a terminal (comfy-table) or as Markdown. JSON output serializes the
//! command's own result type instead, so programs get numbers, not formatted text.

use comfy_table::{ContentArrangement, Table, presets};

use crate::finding::{Finding, Severity};

/// One block of a report.
#[derive(Debug, Clone)]
pub enum Block {
    /// Label–value lines, such as "pods: 6".
    Fields(Vec<(String, String)>),
    /// A table with a header row.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Findings, most severe first.
    Findings(Vec<Finding>),
    /// Free text lines.
    Lines(Vec<String>),
}

/// A titled report made of optionally headed blocks.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<(Option<String>, Block)>,
}

impl Document {
    /// Starts a document with a title.
    pub fn new(title: impl Into<String>) -> Document {
        Document {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    /// Appends a block under an optional heading.
    pub fn push(&mut self, heading: Option<String>, block: Block) {
        self.blocks.push((heading, block));
    }

    /// Renders for a terminal: tables drawn with box characters.
    pub fn to_terminal(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.title);
        out.push('\n');
        for (heading, block) in &self.blocks {
            out.push('\n');
            if let Some(heading) = heading {
                out.push_str(heading);
                out.push('\n');
            }
            match block {
                Block::Fields(fields) => {
                    let width = fields
                        .iter()
                        .map(|(label, _)| display_width(label))
                        .max()
                        .unwrap_or(0);
                    for (label, value) in fields {
                        let pad = " ".repeat(width - display_width(label));
                        out.push_str(&format!("  {label}{pad}  {value}\n"));
                    }
                }
                Block::Table { header, rows } => {
                    let mut table = Table::new();
                    table
                        .load_style(presets::UTF8_FULL_CONDENSED)
                        .set_content_arrangement(ContentArrangement::Dynamic)
                        .set_header(header.clone());
                    for row in rows {
                        table.add_row(row.clone());
                    }
                    out.push_str(&table.to_string());
                    out.push('\n');
                }
                Block::Findings(findings) => {
                    for finding in sorted(findings) {
                        let subject = finding
                            .subject
                            .as_ref()
                            .map(|subject| format!(" [{subject}]"))
                            .unwrap_or_default();
                        out.push_str(&format!(
                            "  {}{subject} {}\n",
                            severity_label(finding.severity),
                            finding.message
                        ));
                    }
                }
                Block::Lines(lines) => {
                    for line in lines {
                        out.push_str(&format!("  {line}\n"));
                    }
                }
            }
        }
        out
    }

    /// Renders as GitHub-flavoured Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n", self.title);
        for (heading, block) in &self.blocks {
            out.push('\n');
            if let Some(heading) = heading {
                out.push_str(&format!("## {heading}\n\n"));
            }
            match block {
                Block::Fields(fields) => {
                    for (label, value) in fields {
                        out.push_str(&format!("- **{}**: {}\n", escape(label), escape(value)));
                    }
                }
                Block::Table { header, rows } => {
                    out.push_str(&markdown_row(header));
                    out.push_str(&format!("|{}\n", " --- |".repeat(header.len())));
                    for row in rows {
                        out.push_str(&markdown_row(row));
                    }
                }
                Block::Findings(findings) => {
                    for finding in sorted(findings) {
                        let subject = finding
                            .subject
                            .as_ref()
                            .map(|subject| format!(" `{subject}`"))
                            .unwrap_or_default();
                        out.push_str(&format!(
                            "- **{}**{subject} {}\n",
                            severity_label(finding.severity),
                            escape(&finding.message)
                        ));
                    }
                }
                Block::Lines(lines) => {
                    for line in lines {
                        out.push_str(&format!("{}\n", escape(line)));
                    }
                }
            }
        }
        out
    }
}

fn sorted(findings: &[Finding]) -> Vec<&Finding> {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    sorted
}

/// Returns the localized label of a severity.
pub fn severity_label(severity: Severity) -> String {
    match severity {
        Severity::Error => crate::t!("severity-error"),
        Severity::Warning => crate::t!("severity-warning"),
        Severity::Info => crate::t!("severity-info"),
    }
}

fn markdown_row(cells: &[String]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|cell| escape(cell).replace('\n', "<br>"))
        .collect();
    format!("| {} |\n", cells.join(" | "))
}

fn escape(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Terminal columns a string takes: Hangul and other wide characters take two.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let code = c as u32;
            let wide = (0x1100..=0x115F).contains(&code)
                || (0x2E80..=0xA4CF).contains(&code)
                || (0xAC00..=0xD7A3).contains(&code)
                || (0xF900..=0xFAFF).contains(&code)
                || (0xFE30..=0xFE4F).contains(&code)
                || (0xFF00..=0xFF60).contains(&code)
                || (0xFFE0..=0xFFE6).contains(&code);
            if wide { 2 } else { 1 }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_align_by_display_width() {
        let mut document = Document::new("t");
        document.push(
            None,
            Block::Fields(vec![
                ("파드".to_string(), "6".to_string()),
                ("pods".to_string(), "6".to_string()),
            ]),
        );
        let text = document.to_terminal();
        // "파드" is 4 columns wide, like "pods", so both values start in column 8.
        assert!(text.contains("  파드  6\n"), "{text}");
        assert!(text.contains("  pods  6\n"), "{text}");
    }

    #[test]
    fn markdown_table_escapes_pipes() {
        let mut document = Document::new("Plan");
        document.push(
            Some("Nodes".to_string()),
            Block::Table {
                header: vec!["type".to_string(), "pods".to_string()],
                rows: vec![vec!["a|b".to_string(), "3".to_string()]],
            },
        );
        let markdown = document.to_markdown();
        assert!(
            markdown.contains("## Nodes\n\n| type | pods |\n| --- | --- |\n| a\\|b | 3 |\n"),
            "{markdown}"
        );
    }
}
