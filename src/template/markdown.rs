//! The light Markdown of text fields, parsed with pulldown-cmark and written as Typst markup, or as HTML for the published site.
//!
//! The format's subset is paragraphs, bullet and numbered lists (nested),
//! `**bold**`, `*italic*`, `>` quotes, links and pipe tables. Everything else
//! prints literally, exactly as typed: headings (`# x`), code (`` `x` ``,
//! indented blocks), HTML (`<x>`), images, rules, backslash escapes and
//! entities (`&amp;`). All text goes through [`escape::markup`], so nothing
//! in a text field is ever read as Typst. The HTML of the published site
//! comes from the same walk over the same parse ([`to_html`]): the same
//! subset, the rest literal, every text HTML-escaped, raw HTML never passed
//! through.

use std::ops::Range;

use pulldown_cmark::{Alignment, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::escape;

/// Converts a text field's Markdown to Typst markup.
pub fn to_typst(markdown: &str) -> String {
    convert::<Typst>(markdown, &Terms::default())
}

/// [`to_typst`], with the profile's terms in other languages marked.
pub fn to_typst_with(markdown: &str, terms: &Terms) -> String {
    convert::<Typst>(markdown, terms)
}

/// [`to_html`], with the profile's terms in other languages marked.
pub fn to_html_with(markdown: &str, terms: &Terms) -> String {
    convert::<Html>(markdown, terms)
}

/// Words and phrases in another language than the document's (the
/// profile's `fremmedsprog`), so that a screen reader speaks them in their
/// own language: `Early Bird` in a Danish text is marked `en` (in the PDF a
/// span with `/Lang (en)`, on the site `<span lang="en">`). Matched as whole
/// words, without regard to case, the longest first.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    /// (term in lower case, language), longest term first.
    terms: Vec<(String, String)>,
}

impl Terms {
    /// From the profile's `fremmedsprog`: language code → its terms.
    pub fn new(by_language: &std::collections::BTreeMap<String, Vec<String>>) -> Terms {
        let mut terms: Vec<(String, String)> = by_language
            .iter()
            .flat_map(|(lang, ts)| {
                ts.iter()
                    .map(|t| t.trim())
                    .filter(|t| !t.is_empty())
                    .map(move |t| (t.to_lowercase(), lang.clone()))
            })
            .collect();
        terms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        Terms { terms }
    }

    /// `text` cut into pieces, each with the language it is marked with.
    fn spans<'t>(&self, text: &'t str) -> Vec<(&'t str, Option<&str>)> {
        let mut out = Vec::new();
        if self.terms.is_empty() {
            out.push((text, None));
            return out;
        }
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let (mut start, mut i) = (0, 0);
        while i < text.len() {
            let before = text[..i].chars().next_back();
            let found = (!word(before))
                .then(|| {
                    self.terms.iter().find_map(|(t, lang)| {
                        let end = i + lowered_prefix(&text[i..], t)?;
                        (!word(text[end..].chars().next())).then_some((end, lang))
                    })
                })
                .flatten();
            if let Some((end, lang)) = found {
                if start < i {
                    out.push((&text[start..i], None));
                }
                out.push((&text[i..end], Some(lang.as_str())));
                i = end;
                start = i;
            } else {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if start < text.len() {
            out.push((&text[start..], None));
        }
        out
    }
}

/// Where `text` ends a prefix that is `lower` in lower case, if it starts
/// with one (`Early Bird …`, `early bird` → 10).
fn lowered_prefix(text: &str, lower: &str) -> Option<usize> {
    let mut want = lower.chars().peekable();
    for (at, c) in text.char_indices() {
        if want.peek().is_none() {
            return Some(at);
        }
        for l in c.to_lowercase() {
            if want.next() != Some(l) {
                return None;
            }
        }
    }
    want.peek().is_none().then_some(text.len())
}

/// Converts a text field's Markdown to HTML: the subset as its elements
/// (`p`, `ul`/`ol`, `strong`, `em`, `blockquote`, `a`, `table` with `th`),
/// everything else as escaped text.
pub fn to_html(markdown: &str) -> String {
    convert::<Html>(markdown, &Terms::default())
}

/// What the output language makes of each construct of the subset.
trait Target {
    /// Text, printed literally.
    fn escape(text: &str) -> String;
    fn paragraph_start() -> &'static str;
    fn paragraph_end() -> &'static str;
    /// A line break typed as two spaces at a line's end.
    fn line_break() -> &'static str;
    fn quote(inner: &str) -> String;
    /// A list; `nested` when it stands inside a list item.
    fn list(ordered: bool, items: &[(Option<u64>, String)], nested: bool) -> String;
    fn table(align: &[Alignment], head: &[String], rows: &[Vec<String>]) -> String;
    fn emphasis(inner: &str) -> String;
    fn strong(inner: &str) -> String;
    /// A link to `url` showing `inner` (already in the target language).
    fn link(url: &str, inner: &str) -> String;
    /// Text in the language `lang` (an ISO 639 code the profile checked).
    fn foreign(lang: &str, inner: &str) -> String;
}

struct Typst;

impl Target for Typst {
    fn escape(text: &str) -> String {
        escape::markup(text)
    }
    fn paragraph_start() -> &'static str {
        ""
    }
    fn paragraph_end() -> &'static str {
        "\n\n"
    }
    fn line_break() -> &'static str {
        " #linebreak()\n"
    }
    fn quote(inner: &str) -> String {
        format!("#quote(block: true)[{}]\n\n", inner.trim())
    }
    fn list(ordered: bool, items: &[(Option<u64>, String)], nested: bool) -> String {
        // Numbers print as typed (3., 7., 12.), not renumbered.
        let args: Vec<String> = items
            .iter()
            .map(|(typed, item)| match (ordered, typed) {
                (true, Some(n)) => format!("  enum.item({n})[{item}],\n"),
                _ => format!("  [{item}],\n"),
            })
            .collect();
        let call = if ordered { "enum" } else { "list" };
        // A nested list starts on its own line inside its item.
        let before = if nested { "\n" } else { "" };
        format!("{before}#{call}(\n{})\n\n", args.concat())
    }
    fn table(align: &[Alignment], head: &[String], rows: &[Vec<String>]) -> String {
        typst_table(align, head, rows)
    }
    fn emphasis(inner: &str) -> String {
        format!("#emph[{inner}]")
    }
    fn strong(inner: &str) -> String {
        format!("#strong[{inner}]")
    }
    fn link(url: &str, inner: &str) -> String {
        format!("#link({})[{inner}]", escape::string(url))
    }
    fn foreign(lang: &str, inner: &str) -> String {
        format!(
            "#text(lang: {}, region: none)[{inner}]",
            escape::string(lang)
        )
    }
}

struct Html;

impl Target for Html {
    fn escape(text: &str) -> String {
        let kept: String = text
            .chars()
            .filter(|c| !crate::check::is_dropped(*c))
            .collect();
        minijinja::HtmlEscape(&kept).to_string()
    }
    fn paragraph_start() -> &'static str {
        "<p>"
    }
    fn paragraph_end() -> &'static str {
        "</p>\n"
    }
    fn line_break() -> &'static str {
        "<br>\n"
    }
    fn quote(inner: &str) -> String {
        format!("<blockquote>\n{}\n</blockquote>\n", inner.trim())
    }
    fn list(ordered: bool, items: &[(Option<u64>, String)], _nested: bool) -> String {
        let tag = if ordered { "ol" } else { "ul" };
        let mut out = format!("<{tag}>\n");
        for (typed, item) in items {
            match (ordered, typed) {
                // Numbers as typed (3., 7., 12.), not renumbered.
                (true, Some(n)) => out.push_str(&format!("<li value=\"{n}\">{item}</li>\n")),
                _ => out.push_str(&format!("<li>{item}</li>\n")),
            }
        }
        out.push_str(&format!("</{tag}>\n"));
        out
    }
    fn table(align: &[Alignment], head: &[String], rows: &[Vec<String>]) -> String {
        let columns = align.len().max(1);
        let class = |i: usize| match align.get(i) {
            Some(Alignment::Right) => " class=\"tal\"",
            Some(Alignment::Center) => " class=\"midt\"",
            _ => "",
        };
        let mut out = String::from("<div class=\"tabel\"><table>\n<thead><tr>");
        for i in 0..columns {
            match head.get(i).map_or("", String::as_str) {
                // A corner cell heads nothing.
                "" => out.push_str("<td></td>"),
                cell => out.push_str(&format!("<th scope=\"col\"{}>{cell}</th>", class(i))),
            }
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        let row_heads = has_row_heads(head, columns, rows.len());
        for row in rows {
            out.push_str("<tr>");
            for i in 0..columns {
                let cell = row.get(i).map_or("", String::as_str);
                if i == 0 && row_heads {
                    out.push_str(&format!("<th scope=\"row\">{cell}</th>"));
                } else {
                    out.push_str(&format!("<td{}>{cell}</td>", class(i)));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table></div>\n");
        out
    }
    fn emphasis(inner: &str) -> String {
        format!("<em>{inner}</em>")
    }
    fn strong(inner: &str) -> String {
        format!("<strong>{inner}</strong>")
    }
    /// Only web and mail addresses become links: a `javascript:` or
    /// `data:` link would run or show something in the reader's browser.
    fn link(url: &str, inner: &str) -> String {
        let lower = url.trim().to_ascii_lowercase();
        if ["https://", "http://", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s))
        {
            format!("<a href=\"{}\">{inner}</a>", Html::escape(url.trim()))
        } else {
            format!("{inner} ({})", Html::escape(url))
        }
    }
    fn foreign(lang: &str, inner: &str) -> String {
        format!("<span lang=\"{}\">{inner}</span>", Html::escape(lang))
    }
}

fn convert<T: Target>(markdown: &str, terms: &Terms) -> String {
    let mut w = Writer::<T> {
        target: std::marker::PhantomData,
        source: markdown,
        terms,

        frames: vec![Frame::new(Kind::Root)],
        skip_until: None,
        last_text_end: None,
    };
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter();
    // Reference definitions (`[1]: …`) are not in the subset: they print as
    // typed, where they stand, instead of vanishing.
    let mut definitions: Vec<Range<usize>> = parser
        .reference_definitions()
        .iter()
        .map(|(_, d)| d.span.clone())
        .collect();
    definitions.sort_by_key(|r| r.start);
    let mut definitions = definitions.into_iter().peekable();
    for (event, range) in parser {
        if w.frames.len() == 1 && w.skip_until.is_none() {
            while let Some(def) = definitions.next_if(|d| d.start < range.start) {
                w.literal_block(def);
            }
        }
        w.event(event, range);
    }
    for def in definitions {
        w.literal_block(def);
    }
    let root = w.frames.pop().map(|f| f.out).unwrap_or_default();
    root.trim().to_string()
}

enum Kind {
    Root,
    Quote,
    List {
        ordered: bool,
        items: Vec<(Option<u64>, String)>,
    },
    /// A list item, with the number typed in front of it in an ordered list.
    Item(Option<u64>),
    Table {
        align: Vec<Alignment>,
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Row(Vec<String>),
    Cell,
    Emphasis,
    Strong,
    Link(String),
}

struct Frame {
    kind: Kind,
    out: String,
}

impl Frame {
    fn new(kind: Kind) -> Frame {
        Frame {
            kind,
            out: String::new(),
        }
    }
}

struct Writer<'a, T> {
    target: std::marker::PhantomData<T>,
    source: &'a str,
    /// Terms in other languages, marked where they occur.
    terms: &'a Terms,
    frames: Vec<Frame>,
    /// While set, events are swallowed until this end tag: a construct
    /// outside the subset, printed as its literal source.
    skip_until: Option<(TagEnd, usize)>,
    /// Where the last text event ended in the source.
    last_text_end: Option<usize>,
}

impl<T: Target> Writer<'_, T> {
    fn push(&mut self, s: &str) {
        if let Some(f) = self.frames.last_mut() {
            f.out.push_str(s);
        }
    }

    fn open(&mut self, kind: Kind) {
        self.frames.push(Frame::new(kind));
    }

    fn close(&mut self) -> Frame {
        self.frames.pop().unwrap_or_else(|| Frame::new(Kind::Root))
    }

    /// Prints text, escaped, with every web address in it (`https://…`,
    /// `www.…`) and every e-mail address a link to itself, so that a reader can follow it and a
    /// screen reader announces it as a link. Inside a link, text is text.
    fn text_with_links(&mut self, text: &str) {
        if self.frames.iter().any(|f| matches!(f.kind, Kind::Link(_))) {
            self.push(&T::escape(text));
            return;
        }
        let mut finder = linkify::LinkFinder::new();
        finder
            .kinds(&[linkify::LinkKind::Url, linkify::LinkKind::Email])
            .url_must_have_scheme(false);
        for span in finder.spans(text) {
            let shown = T::escape(span.as_str());
            match span.kind() {
                Some(linkify::LinkKind::Url) => {
                    let address = span.as_str();
                    let url = if address.contains("://") {
                        address.to_string()
                    } else {
                        format!("https://{address}")
                    };
                    self.push(&T::link(&url, &shown));
                }
                // An e-mail address (in the public edition only the
                // kommune's own: the personal-data check stops a citizen's).
                Some(linkify::LinkKind::Email) => {
                    self.push(&T::link(&format!("mailto:{}", span.as_str()), &shown));
                }
                _ => {
                    let terms = self.terms;
                    for (piece, lang) in terms.spans(span.as_str()) {
                        let escaped = T::escape(piece);
                        match lang {
                            Some(lang) => self.push(&T::foreign(lang, &escaped)),
                            None => self.push(&escaped),
                        }
                    }
                }
            }
        }
    }

    /// Prints the source of `range` literally as paragraphs: lines joined,
    /// blank lines separating paragraphs.
    fn literal_block(&mut self, range: Range<usize>) {
        let source = self.source;
        for paragraph in source[range].split("\n\n") {
            let lines: Vec<&str> = paragraph
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            if !lines.is_empty() {
                self.push(T::paragraph_start());
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        self.push("\n");
                    }
                    self.text_with_links(line);
                }
                self.push(T::paragraph_end());
            }
        }
    }

    /// Prints the source of `range` literally, as its own paragraph when `block`.
    fn literal(&mut self, range: Range<usize>, block: bool) {
        let source = self.source;
        if block {
            self.push(T::paragraph_start());
        }
        self.text_with_links(source[range].trim_end());
        if block {
            self.push(T::paragraph_end());
        }
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        if let Some((end, depth)) = &mut self.skip_until {
            match &event {
                Event::Start(tag) if tag.to_end() == *end => *depth += 1,
                Event::End(e) if e == end => {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skip_until = None;
                    }
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                // The parser drops the backslash of an escape (`\*`); print it as typed.
                let start = range.start;
                if start > 0
                    && self.source.as_bytes()[start - 1] == b'\\'
                    && self.last_text_end != Some(start)
                {
                    self.push(&T::escape("\\"));
                }
                self.last_text_end = Some(range.end);
                let source = self.source;
                let src = &source[range];
                // A backslash escape or an entity is printed as typed.
                let typed = if src != &*text && (src.contains('\\') || src.contains('&')) {
                    src
                } else {
                    &text
                };
                self.text_with_links(typed);
            }
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => self.literal(range, false),
            Event::Html(_) | Event::Rule => self.literal(range, true),
            Event::SoftBreak => self.push("\n"),
            Event::HardBreak => {
                if self.source[range].starts_with('\\') {
                    self.push(&T::escape("\\"));
                    self.push("\n");
                } else {
                    self.push(T::line_break());
                }
            }
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => self.literal(range, false),
        }
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.push(T::paragraph_start()),
            Tag::BlockQuote(_) => self.open(Kind::Quote),
            Tag::List(Some(_)) if starts_with_a_date(&self.source[range.clone()]) => {
                // `29. november 2021 blev …` is a sentence, not a list.
                self.skip_until = Some((TagEnd::List(true), 1));
                self.literal_block(range);
            }
            Tag::List(start) => self.open(Kind::List {
                ordered: start.is_some(),
                items: Vec::new(),
            }),
            Tag::Item => {
                let typed = self.source[range.clone()]
                    .trim_start()
                    .split(|c: char| !c.is_ascii_digit())
                    .next()
                    .and_then(|n| n.parse().ok());
                self.open(Kind::Item(typed))
            }
            Tag::Table(align) => self.open(Kind::Table {
                align,
                head: Vec::new(),
                rows: Vec::new(),
            }),
            Tag::TableHead | Tag::TableRow => self.open(Kind::Row(Vec::new())),
            Tag::TableCell => self.open(Kind::Cell),
            Tag::Emphasis => self.open(Kind::Emphasis),
            Tag::Strong => self.open(Kind::Strong),
            Tag::Link {
                link_type: LinkType::Inline | LinkType::Autolink,
                dest_url,
                ..
            } => self.open(Kind::Link(dest_url.to_string())),
            Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                ..
            } => self.open(Kind::Link(format!("mailto:{dest_url}"))),
            other => {
                // Headings, code blocks, HTML blocks, images, reference
                // links…: not in the subset.
                let block = !matches!(
                    other,
                    Tag::Image { .. }
                        | Tag::Link { .. }
                        | Tag::Strikethrough
                        | Tag::Superscript
                        | Tag::Subscript
                );
                self.skip_until = Some((other.to_end(), 1));
                self.literal(range, block);
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.push(T::paragraph_end()),
            TagEnd::BlockQuote(_) => {
                // A `>` with nothing after it quotes nothing: no empty quotation.
                let f = self.close();
                if !f.out.trim().is_empty() {
                    self.push(&T::quote(&f.out));
                }
            }
            TagEnd::Item => {
                let f = self.close();
                if let (
                    Kind::Item(typed),
                    Some(Frame {
                        kind: Kind::List { items, .. },
                        ..
                    }),
                ) = (f.kind, self.frames.last_mut())
                {
                    items.push((typed, f.out.trim().to_string()));
                }
            }
            TagEnd::List(_) => {
                let f = self.close();
                if let Kind::List { ordered, items } = f.kind {
                    let nested = matches!(self.frames.last().map(|f| &f.kind), Some(Kind::Item(_)));
                    self.push(&T::list(ordered, &items, nested));
                }
            }
            TagEnd::TableCell => {
                let f = self.close();
                if let Some(Frame {
                    kind: Kind::Row(cells),
                    ..
                }) = self.frames.last_mut()
                {
                    cells.push(f.out.trim().to_string());
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                let is_head = matches!(tag, TagEnd::TableHead);
                let f = self.close();
                if let (
                    Kind::Row(cells),
                    Some(Frame {
                        kind: Kind::Table { head, rows, .. },
                        ..
                    }),
                ) = (f.kind, self.frames.last_mut())
                {
                    if is_head {
                        *head = cells;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            TagEnd::Table => {
                let f = self.close();
                if let Kind::Table { align, head, rows } = f.kind {
                    let table = T::table(&align, &head, &rows);
                    self.push(&table);
                }
            }
            TagEnd::Emphasis => {
                let f = self.close();
                self.push(&T::emphasis(&f.out));
            }
            TagEnd::Strong => {
                let f = self.close();
                self.push(&T::strong(&f.out));
            }
            TagEnd::Link => {
                let f = self.close();
                match f.kind {
                    // `[text]()`: a link without a target is just its text.
                    Kind::Link(url) if url.trim().is_empty() => self.push(&f.out),
                    // `[](url)`: a link without text shows its target.
                    Kind::Link(url) if f.out.trim().is_empty() => {
                        let shown = T::escape(url.trim_start_matches("mailto:"));
                        self.push(&T::link(&url, &shown))
                    }
                    Kind::Link(url) => self.push(&T::link(&url, &f.out)),
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// Danish month names, for telling a date (`29. november`) from a list item.
const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// Whether `text` starts like `29. november`: a number, a full stop and a month.
fn starts_with_a_date(text: &str) -> bool {
    let rest = text
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix('.') else {
        return false;
    };
    let word: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    MONTHS.contains(&word.as_str())
}

/// Whether a table's header row starts with an empty corner: its first
/// cell is empty while the others are not. The corner heads nothing.
fn empty_corner(head: &[String]) -> bool {
    head.first().is_none_or(|c| c.trim().is_empty())
        && head.iter().skip(1).any(|c| !c.trim().is_empty())
}

/// Whether a table's first column names its rows: it has an empty corner.
/// A table of a row or two is read in one go and keeps column headers
/// only: with row headers it would have more header cells than data cells,
/// which checkers take for a table broken into pieces.
fn has_row_heads(head: &[String], columns: usize, rows: usize) -> bool {
    columns > 1 && empty_corner(head) && (columns - 1) + rows <= rows * (columns - 1) + 1
}

fn typst_table(align: &[Alignment], head: &[String], rows: &[Vec<String>]) -> String {
    let columns = align.len().max(1);
    let aligns: Vec<&str> = align
        .iter()
        .map(|a| match a {
            Alignment::Left | Alignment::None => "left",
            Alignment::Center => "center",
            Alignment::Right => "right",
        })
        .collect();
    // An empty corner heads nothing: it is a data cell. With it, the first
    // column names the rows, and its cells are row headers (unless the
    // table is too small for them, see `has_row_heads`).
    let corner = empty_corner(head);
    let row_heads = has_row_heads(head, columns, rows.len());
    let cells = |row: &[String], first: Option<&str>| -> String {
        (0..columns)
            .map(|i| {
                let cell = row.get(i).map_or("", String::as_str);
                match first {
                    Some(f) if i == 0 => format!("{f}[{cell}], "),
                    _ => format!("[{cell}], "),
                }
            })
            .collect()
    };
    let mut out = format!(
        "#table(\n  columns: {columns},\n  align: ({},),\n",
        aligns.join(", ")
    );
    out.push_str(&format!(
        "  table.header({}),\n",
        cells(head, corner.then_some("pdf.data-cell")).trim_end()
    ));
    for row in rows {
        out.push_str(&format!(
            "  {}\n",
            cells(row, row_heads.then_some("pdf.header-cell(scope: \"row\")")).trim_end()
        ));
    }
    out.push_str(")\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::{Terms, to_html, to_html_with, to_typst, to_typst_with};

    #[test]
    fn html_of_the_subset() {
        assert_eq!(
            to_html("Første **fed** og *kursiv*.\n\n- a\n  - b\n\n3. tre\n7. syv"),
            "<p>Første <strong>fed</strong> og <em>kursiv</em>.</p>\n<ul>\n<li>a<ul>\n<li>b</li>\n</ul></li>\n</ul>\n<ol>\n<li value=\"3\">tre</li>\n<li value=\"7\">syv</li>\n</ol>"
        );
        let table = to_html("| | Økonomi |\n|---|--:|\n| PPR | 650.000 kr. |\n");
        assert_eq!(
            table,
            "<div class=\"tabel\"><table>\n<thead><tr><td></td><th scope=\"col\" class=\"tal\">Økonomi</th></tr></thead>\n<tbody>\n<tr><th scope=\"row\">PPR</th><td class=\"tal\">650.000 kr.</td></tr>\n</tbody>\n</table></div>"
        );
    }

    #[test]
    fn html_outside_the_subset_is_escaped_text() {
        assert_eq!(
            to_html("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;&#x2f;script&gt;</p>"
        );
        assert_eq!(to_html("# Ikke overskrift"), "<p># Ikke overskrift</p>");
        assert_eq!(
            to_html("a `kode` <b onclick=\"x\"> &amp;"),
            "<p>a `kode` &lt;b onclick=&quot;x&quot;&gt; &amp;amp;</p>"
        );
        assert_eq!(
            to_html("[x](javascript:alert(1)) [y](https://x.dk/?a=\"b\")"),
            "<p>x (javascript:alert(1)) <a href=\"https:&#x2f;&#x2f;x.dk&#x2f;?a=&quot;b&quot;\">y</a></p>"
        );
    }

    #[test]
    fn paragraphs_emphasis_and_links() {
        assert_eq!(
            to_typst("Første **fed** og *kursiv*.\n\nAnden [link](https://x.dk/a\"b)."),
            "Første #strong[fed] og #emph[kursiv]\\.\n\nAnden #link(\"https://x.dk/a\\\"b\")[link]\\."
        );
    }

    #[test]
    fn nested_lists() {
        let typst = to_typst("- a\n  - b\n- c\n\n3. tre\n4. fire");
        assert_eq!(
            typst,
            "#list(\n  [a\n#list(\n  [b],\n)],\n  [c],\n)\n\n#enum(\n  enum.item(3)[tre],\n  enum.item(4)[fire],\n)"
        );
    }

    #[test]
    fn outside_the_subset_is_literal() {
        assert_eq!(to_typst("# Ikke overskrift"), "\\# Ikke overskrift");
        assert_eq!(
            to_typst("a `kode` <b> \\* &amp;"),
            "a \\`kode\\` \\<b\\> \\\\\\* \\&amp\\;"
        );
        assert_eq!(to_typst("2 * 3 * 4"), "2 \\* 3 \\* 4");
    }

    #[test]
    fn typed_numbers_and_dates() {
        assert_eq!(
            to_typst("3. tre\n7. syv"),
            "#enum(\n  enum.item(3)[tre],\n  enum.item(7)[syv],\n)"
        );
        assert_eq!(
            to_typst("Indledning.\n\n29. november 2021 blev sagen drøftet."),
            "Indledning\\.\n\n29\\. november 2021 blev sagen drøftet\\."
        );
    }

    #[test]
    fn reference_definitions_and_links_print_as_typed() {
        let typst = to_typst("Se [1].\n\n[1]: https://x.dk");
        // Printed as typed, and the address in it a link to itself.
        assert_eq!(
            typst,
            "Se \\[1\\]\\.\n\n\\[1\\]\\: #link(\"https://x.dk\")[https\\:\\/\\/x\\.dk]"
        );
    }

    #[test]
    fn email_and_empty_links() {
        assert_eq!(to_typst("<a@b.dk>"), "#link(\"mailto:a@b.dk\")[a\\@b\\.dk]");
        assert_eq!(
            to_typst("[](https://x.dk)"),
            "#link(\"https://x.dk\")[https\\:\\/\\/x\\.dk]"
        );
    }

    #[test]
    fn terms_in_another_language_are_marked_as_whole_words() {
        let mut by = std::collections::BTreeMap::new();
        by.insert(
            "en".to_string(),
            vec!["Early Bird".to_string(), "bird".to_string()],
        );
        let terms = Terms::new(&by);
        assert_eq!(
            to_typst_with("Ordningen early bird, ikke birdie. *Bird*", &terms),
            "Ordningen #text(lang: \"en\", region: none)[early bird]\\, ikke birdie\\. #emph[#text(lang: \"en\", region: none)[Bird]]"
        );
        assert_eq!(
            to_html_with("Læs om Early Bird.", &terms),
            "<p>Læs om <span lang=\"en\">Early Bird</span>.</p>"
        );
        assert_eq!(
            to_typst("early bird"),
            "early bird",
            "no terms, nothing marked"
        );
    }

    #[test]
    fn an_empty_quote_is_no_quotation() {
        assert_eq!(to_typst(">\n\nTekst"), "Tekst");
        assert_eq!(to_html(">"), "");
    }

    #[test]
    fn web_addresses_are_links() {
        let typst = to_typst(
            "Se https://www.hedensted.dk/borger og www.ast.dk. Skriv [her](https://a.dk/x) om www.b.dk.",
        );
        assert_eq!(
            typst.trim_end(),
            "Se #link(\"https://www.hedensted.dk/borger\")[https\\:\\/\\/www\\.hedensted\\.dk\\/borger] og #link(\"https://www.ast.dk\")[www\\.ast\\.dk]\\. Skriv #link(\"https://a.dk/x\")[her] om #link(\"https://www.b.dk\")[www\\.b\\.dk]\\.",
        );
        let html = to_html("Læs www.ast.dk/afgoerelser.");
        assert_eq!(
            html.trim_end(),
            "<p>Læs <a href=\"https:&#x2f;&#x2f;www.ast.dk&#x2f;afgoerelser\">www.ast.dk&#x2f;afgoerelser</a>.</p>"
        );
        assert_eq!(
            to_typst("Skriv til post@hedensted.dk."),
            "Skriv til #link(\"mailto:post@hedensted.dk\")[post\\@hedensted\\.dk]\\."
        );
    }

    #[test]
    fn tables_have_a_header_row() {
        let typst = to_typst("| | Økonomi |\n|---|--:|\n| PPR | 650.000 kr. |\n");
        assert!(typst.starts_with("#table(\n  columns: 2,\n  align: (left, right,),\n  table.header(pdf.data-cell[], [Økonomi],),\n  pdf.header-cell(scope: \"row\")[PPR], [650\\.000 kr\\.],\n)"), "{typst}");
        let plain = to_typst("| Art | Økonomi |\n|---|--:|\n| PPR | 650.000 kr. |\n");
        assert!(
            plain.contains("table.header([Art], [Økonomi],),\n  [PPR],"),
            "{plain}"
        );
    }
}
