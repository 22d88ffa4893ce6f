//! HTML bodies of an export as the case files' Markdown, read by a real HTML parser (html5ever through `scraper`).

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// The width the Markdown's paragraphs are wrapped at, as a person writes them.
const WIDTH: usize = 76;

/// One block of the text: a paragraph, a list item, a table, or a heading
/// the text had inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// A heading inside a body (`<h2>`, or a paragraph that is bold and
    /// nothing else); the importer splits sections on them.
    Heading(String),
    Item {
        ordered: Option<u32>,
        /// Which list of the text the item is in, so that one list is told from the next.
        list: u32,
        text: String,
    },
    Table(Vec<Vec<String>>),
}

/// The blocks of an HTML fragment or document: paragraphs, bold, italic,
/// lists, links and tables are kept; styles, scripts, comments and Word's
/// own elements are dropped; entities are decoded by the parser.
pub fn blocks(html: &str) -> Vec<Block> {
    let document = Html::parse_fragment(html);
    let mut walker = Walker::default();
    walker.children(document.tree.root());
    walker.flush();
    walker.blocks
}

/// The blocks as Markdown.
pub fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous_list = None;
    for block in blocks {
        let list = match block {
            Block::Item { list, .. } => Some(*list),
            _ => None,
        };
        if !out.is_empty() {
            let same_list = list.is_some() && list == previous_list;
            out.push_str(if same_list { "\n" } else { "\n\n" });
        }
        match block {
            Block::Paragraph(t) => out.push_str(&wrap(t, "", "")),
            Block::Heading(t) => out.push_str(&format!("**{t}**")),
            Block::Item { ordered, text, .. } => {
                let marker = ordered.map_or("- ".to_string(), |n| format!("{n}. "));
                let indent = " ".repeat(marker.len());
                out.push_str(&wrap(text, &marker, &indent));
            }
            Block::Table(rows) => out.push_str(&table(rows)),
        }
        previous_list = list;
    }
    out
}

/// The text of a table cell or a title: inline Markdown on one line.
pub fn inline(html: &str) -> String {
    let blocks = blocks(html);
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(t) | Block::Heading(t) | Block::Item { text: t, .. } => t.clone(),
            Block::Table(rows) => rows.iter().flatten().cloned().collect::<Vec<_>>().join(" "),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    line: String,
    /// Counters of the open lists: `None` for a bullet list.
    lists: Vec<Option<u32>>,
    /// The item whose text is being gathered.
    item: Option<Option<u32>>,
    /// How many lists have begun.
    list_count: u32,
}

const DROPPED: &[&str] = &[
    "script", "style", "head", "title", "meta", "link", "noscript", "template", "object", "iframe",
    "svg", "xml",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "center",
    "body",
    "html",
    "dl",
    "dt",
    "dd",
    "pre",
    "address",
    "figure",
    "figcaption",
    "hr",
];

impl Walker {
    fn children(&mut self, node: NodeRef<Node>) {
        for child in node.children() {
            self.node(child);
        }
    }

    fn node(&mut self, node: NodeRef<Node>) {
        match node.value() {
            Node::Text(t) => self.text(t),
            Node::Element(e) => {
                let name = e.name();
                // Word's own elements (`o:p`, `w:sdt`, `v:shape`) carry no text of the item.
                if DROPPED.contains(&name) || name.contains(':') {
                    return;
                }
                match name {
                    "br" => self.line.push('\n'),
                    "strong" | "b" => self.wrapped(node, "**"),
                    "em" | "i" => self.wrapped(node, "*"),
                    "a" => self.link(node, e.attr("href")),
                    "ul" | "ol" => {
                        self.flush();
                        let start = e.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1);
                        self.lists.push((name == "ol").then_some(start));
                        self.list_count += 1;
                        self.children(node);
                        self.flush();
                        self.lists.pop();
                    }
                    "li" => {
                        self.flush();
                        let marker = match self.lists.last_mut() {
                            Some(Some(n)) => {
                                let m = *n;
                                *n += 1;
                                Some(m)
                            }
                            _ => None,
                        };
                        self.item = Some(marker);
                        self.children(node);
                        self.flush();
                    }
                    "table" => {
                        self.flush();
                        let rows = table_rows(node);
                        if !rows.is_empty() {
                            self.blocks.push(Block::Table(rows));
                        }
                    }
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        self.flush();
                        let mut inner = Walker::default();
                        inner.children(node);
                        let text = clean(&inner.line);
                        let text = text.trim_matches('*').trim().to_string();
                        if !text.is_empty() {
                            self.blocks.push(Block::Heading(text));
                        }
                    }
                    n if BLOCKS.contains(&n) => {
                        self.flush();
                        self.children(node);
                        self.flush();
                    }
                    _ => self.children(node),
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        let mut last_space = self.line.ends_with([' ', '\n']) || self.line.is_empty();
        for c in t.chars() {
            let c = if c == '\u{a0}' { ' ' } else { c };
            if c.is_whitespace() {
                if !last_space {
                    self.line.push(' ');
                }
                last_space = true;
            } else {
                if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '|') {
                    self.line.push('\\');
                }
                self.line.push(c);
                last_space = false;
            }
        }
    }

    /// Bold or italic: the marks go round the words, not round the spaces.
    fn wrapped(&mut self, node: NodeRef<Node>, mark: &str) {
        let mut inner = Walker::default();
        inner.children(node);
        let inner_text = inner.line;
        let trimmed = inner_text.trim();
        if trimmed.is_empty() {
            self.text(&inner_text);
            return;
        }
        if inner_text.starts_with(char::is_whitespace) && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
        // Bold inside bold (Word nests them) stays one pair.
        let body = trimmed.trim_start_matches(mark).trim_end_matches(mark);
        self.line.push_str(&format!("{mark}{body}{mark}"));
        if inner_text.ends_with(char::is_whitespace) {
            self.line.push(' ');
        }
    }

    fn link(&mut self, node: NodeRef<Node>, href: Option<&str>) {
        let mut inner = Walker::default();
        inner.children(node);
        let label = inner.line.trim().to_string();
        match href.map(str::trim) {
            Some(h)
                if h.starts_with("http://")
                    || h.starts_with("https://")
                    || h.starts_with("mailto:") =>
            {
                let label = if label.is_empty() {
                    h.to_string()
                } else {
                    label
                };
                self.line.push_str(&format!("[{label}](<{h}>)"));
            }
            // A link into the case system or the export itself leads nowhere once published: its words are kept.
            _ => self.line.push_str(&label),
        }
    }

    fn flush(&mut self) {
        let text = clean(&self.line);
        self.line.clear();
        let item = self.item.take();
        if text.is_empty() {
            return;
        }
        let block = match item {
            Some(ordered) => Block::Item {
                ordered,
                list: self.list_count,
                text,
            },
            None => {
                // A paragraph that is bold and nothing else is a heading in Word's HTML.
                let bare = text.strip_prefix("**").and_then(|t| t.strip_suffix("**"));
                match bare {
                    Some(h)
                        if !h.contains("**") && h.chars().count() <= 80 && !h.ends_with('.') =>
                    {
                        Block::Heading(h.trim().to_string())
                    }
                    _ => Block::Paragraph(text),
                }
            }
        };
        self.blocks.push(block);
    }
}

/// Trims every line and drops empty ones; a `<br>` stays a hard line break.
fn clean(line: &str) -> String {
    line.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\\\n")
}

fn table_rows(table: NodeRef<Node>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for row in table.descendants() {
        let Node::Element(e) = row.value() else {
            continue;
        };
        if e.name() != "tr" {
            continue;
        }
        let cells: Vec<String> = row
            .children()
            .filter(|c| matches!(c.value(), Node::Element(e) if matches!(e.name(), "td" | "th")))
            .map(|c| {
                let mut w = Walker::default();
                w.children(c);
                clean(&w.line).replace("\\\n", " ")
            })
            .collect();
        if !cells.is_empty() {
            rows.push(cells);
        }
    }
    rows
}

fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let cell = |row: &Vec<String>, i: usize| row.get(i).cloned().unwrap_or_default();
    let mut out = Vec::new();
    let line = |row: &Vec<String>| {
        let cells: Vec<String> = (0..columns).map(|i| cell(row, i)).collect();
        format!("| {} |", cells.join(" | "))
    };
    out.push(line(&rows[0]));
    out.push(format!("|{}", "---|".repeat(columns)));
    out.extend(rows[1..].iter().map(line));
    out.join("\n")
}

/// Wraps `text` at [`WIDTH`]: the first line after `first`, the others
/// after `rest`. A line never begins with what Markdown would read as a
/// list, a heading or a quote.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for (n, hard_line) in text.split("\\\n").enumerate() {
        if n > 0 {
            out.push_str("\\\n");
            out.push_str(rest);
        }
        let mut width = if n == 0 { first.len() } else { rest.len() };
        if n == 0 {
            out.push_str(first);
        }
        let mut line_has_word = false;
        for word in hard_line.split(' ').filter(|w| !w.is_empty()) {
            let len = word.chars().count();
            let risky = starts_block(word);
            if line_has_word && width + 1 + len > WIDTH && !risky {
                out.push('\n');
                out.push_str(rest);
                width = rest.len();
            } else if line_has_word {
                out.push(' ');
                width += 1;
            }
            out.push_str(word);
            width += len;
            line_has_word = true;
        }
    }
    out
}

/// Whether a word at the start of a line would begin a Markdown block.
fn starts_block(word: &str) -> bool {
    matches!(word, "-" | "+" | "*" | ">" | "=" | "|")
        || word.starts_with(['#', '>', '=', '-', '+', '|'])
        || (word.len() <= 10
            && word.ends_with(['.', ')'])
            && word[..word.len() - 1].chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        markdown(&blocks(html))
    }

    #[test]
    fn paragraphs_emphasis_lists_links() {
        let html = "<p>Udvalget <b>skal</b> tage <i>stilling</i> til &quot;tr&aelig;et&quot; &amp; s&oslash;en.</p>\
            <ul><li>en</li><li>to</li></ul><ol><li>f&oslash;rst</li></ol>\
            <p>Se <a href=\"https://www.hedensted.dk/x\">siden</a> og <a href=\"sbsys://123\">sagen</a>.</p>";
        assert_eq!(
            md(html),
            "Udvalget **skal** tage *stilling* til \"træet\" & søen.\n\n- en\n- to\n\n1. først\n\nSe [siden](<https://www.hedensted.dk/x>) og sagen."
        );
    }

    #[test]
    fn word_markup_styles_scripts_and_comments_are_dropped() {
        let html = "<style>p{color:red}</style><!-- kommentar --><p class=MsoNormal style='margin:0'>\
            <span style='font-size:11pt'>Tekst<o:p></o:p></span></p><script>alert(1)</script>";
        assert_eq!(md(html), "Tekst");
    }

    #[test]
    fn tables_survive() {
        let html = "<table><tr><th>År</th><th>Beløb</th></tr><tr><td>2021</td><td>1.234,5 | 2</td></tr></table>";
        assert_eq!(
            md(html),
            "| År | Beløb |\n|---|---|\n| 2021 | 1.234,5 \\| 2 |"
        );
    }

    #[test]
    fn markdown_characters_in_text_are_escaped_and_lines_never_start_a_list() {
        assert_eq!(md("<p>a *b* [c] #d $e</p>"), "a \\*b\\* \\[c\\] #d $e");
        let long = format!("<p>{} - 12. ting</p>", "ord ".repeat(18));
        let out = md(&long);
        assert!(
            out.lines()
                .all(|l| !l.starts_with("- ") && !l.starts_with("12.")),
            "{out}"
        );
    }

    #[test]
    fn bold_paragraph_is_a_heading() {
        assert_eq!(
            blocks("<p><b>Økonomi</b></p><p>Ingen.</p>"),
            vec![
                Block::Heading("Økonomi".into()),
                Block::Paragraph("Ingen.".into())
            ]
        );
    }
}
