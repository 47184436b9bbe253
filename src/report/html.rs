//! Self-contained HTML pages: inline CSS and inline SVG charts, nothing fetched over the
//! network, so a report opens the same from a CI artifact or an e-mail.

use super::document::{Block, Document, severity_label};
use crate::finding::Finding;
use crate::i18n::{Lang, language};

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans KR','Malgun Gothic',sans-serif;\
margin:2rem auto;max-width:1200px;padding:0 1rem;color:#222;line-height:1.45}\
h1{font-size:1.6rem;border-bottom:2px solid #1f77b4;padding-bottom:.3rem}\
h2{font-size:1.25rem;margin-top:2rem}\
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}\
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}\
th{background:#f0f4f8}\
tbody tr:nth-child(even){background:#fafafa}\
dl.fields{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}\
dl.fields dt{font-weight:600}dl.fields dd{margin:0}\
ul.findings li{margin:.2rem 0}\
.sev{font-weight:700;font-size:.8rem;padding:.05rem .35rem;border-radius:3px;color:#fff}\
.sev-error{background:#c62828}.sev-warning{background:#ef6c00}.sev-info{background:#1565c0}\
.charts{display:flex;flex-wrap:wrap;gap:1rem}\
.charts figure{margin:0}\
.chart-error{color:#c62828}\
p.reason{font-size:1.05rem;background:#eef7ee;border-left:4px solid #2ca02c;padding:.5rem .8rem}\
footer{margin-top:2rem;color:#777;font-size:.8rem}";

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Wraps a body in a complete page in the output language.
pub fn page(title: &str, body: &str) -> String {
    let lang = match language() {
        Lang::En => "en",
        Lang::Ko => "ko",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n\
         <footer>capplan {}</footer>\n</body>\n</html>\n",
        escape(title),
        env!("CARGO_PKG_VERSION")
    )
}

/// Renders a document's title and blocks as HTML (without the page around it).
pub fn document_body(document: &Document) -> String {
    let mut out = format!("<h1>{}</h1>\n", escape(&document.title));
    for (heading, block) in &document.blocks {
        if let Some(heading) = heading {
            out.push_str(&format!("<h2>{}</h2>\n", escape(heading)));
        }
        out.push_str(&block_html(block));
    }
    out
}

/// Renders a whole document as a page.
pub fn document_page(document: &Document) -> String {
    page(&document.title, &document_body(document))
}

/// Renders one block.
pub fn block_html(block: &Block) -> String {
    let mut out = String::new();
    match block {
        Block::Fields(fields) => {
            out.push_str("<dl class=\"fields\">\n");
            for (label, value) in fields {
                out.push_str(&format!(
                    "<dt>{}</dt><dd>{}</dd>\n",
                    escape(label),
                    cell(value)
                ));
            }
            out.push_str("</dl>\n");
        }
        Block::Table { header, rows } => {
            out.push_str("<table>\n<thead><tr>");
            for name in header {
                out.push_str(&format!("<th>{}</th>", escape(name)));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for row in rows {
                out.push_str("<tr>");
                for value in row {
                    out.push_str(&format!("<td>{}</td>", cell(value)));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Block::Findings(findings) => out.push_str(&findings_html(findings)),
        Block::Lines(lines) => {
            for line in lines {
                out.push_str(&format!("<p>{}</p>\n", escape(line)));
            }
        }
    }
    out
}

fn cell(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

fn findings_html(findings: &[Finding]) -> String {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    let mut out = String::from("<ul class=\"findings\">\n");
    for finding in sorted {
        let class = match finding.severity {
            crate::finding::Severity::Error => "sev-error",
            crate::finding::Severity::Warning => "sev-warning",
            crate::finding::Severity::Info => "sev-info",
        };
        let subject = finding
            .subject
            .as_ref()
            .map(|subject| format!(" <code>{}</code>", escape(subject)))
            .unwrap_or_default();
        out.push_str(&format!(
            "<li><span class=\"sev {class}\">{}</span>{subject} {}</li>\n",
            escape(&severity_label(finding.severity)),
            escape(&finding.message)
        ));
    }
    out.push_str("</ul>\n");
    out
}

/// Lays out charts (SVG text) side by side under a heading.
pub fn charts_section(heading: &str, charts: &[String]) -> String {
    let mut out = format!("<h2>{}</h2>\n<div class=\"charts\">\n", escape(heading));
    for chart in charts {
        out.push_str("<figure>");
        out.push_str(chart);
        out.push_str("</figure>\n");
    }
    out.push_str("</div>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn page_has_no_external_reference() {
        let mut document = Document::new("t");
        document.push(
            Some("h".to_string()),
            Block::Table {
                header: vec!["x".to_string()],
                rows: vec![vec!["1\n2".to_string()]],
            },
        );
        let html = document_page(&document);
        assert!(html.contains("<td>1<br>2</td>"), "{html}");
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{html}"
        );
    }
}
