//! The published web edition in a real browser: `publish` over the bundled cases, then `tests/browser/check-site.mjs` (axe-core in Debian's headless Chromium, keyboard, links, pages without JavaScript) over every page, and the search typed by keyboard over HTTP.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{dagsorden, repo};

/// Where the browser checks live: `package.json`, its lock file and the script.
fn browser_dir() -> PathBuf {
    repo().join("tests").join("browser")
}

/// The Chromium the script launches: `$CHROMIUM`, else Debian's `/usr/bin/chromium`.
fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Fails with what to install when Node.js or Chromium is missing, and runs
/// `npm ci` (the locked `playwright-core` and `axe-core`, no browser download)
/// when `tests/browser/node_modules` is not there yet.
fn prepare_browser_tools(dir: &Path) {
    let install = "install both with `bash .ci/install-browser` (as root), as .ci/run does";
    // `node --version` prints `v20.20.2`: playwright-core needs 20 or newer.
    let major = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            let v = String::from_utf8_lossy(&o.stdout).trim().to_string();
            v.strip_prefix('v')?.split('.').next()?.parse::<u32>().ok()
        });
    assert!(
        major.is_some_and(|m| m >= 20),
        "the browser test needs Node.js 20 or newer with npm (`node` on PATH; found {major:?}; \
         Debian 12's own nodejs is 18, too old); {install}"
    );
    let chromium = chromium();
    assert!(
        chromium.is_file(),
        "the browser test needs Debian's Chromium at {}: apt-get install chromium \
         (or set CHROMIUM to a Chromium binary); {install}",
        chromium.display()
    );
    let installed = ["playwright-core", "axe-core"].iter().all(|p| {
        dir.join("node_modules")
            .join(p)
            .join("package.json")
            .is_file()
    });
    if !installed {
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(dir)
            .output()
            .unwrap_or_else(|e| {
                panic!("the browser test needs npm (it comes with Node.js) to install its packages: {e}; {install}")
            });
        assert!(
            out.status.success(),
            "`npm ci --prefix tests/browser` failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_page_of_the_published_cases_passes_the_browser_checks() {
    let dir = browser_dir();
    prepare_browser_tools(&dir);

    // Published for a base URL, which only the OParl ids may hold: the pages
    // link relatively, so the site works from file:// and under any address.
    let base_url = "https://dagsorden.example/moeder/";
    let site = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let published = dagsorden()
        .args(["publish", "cases", "--base-url", base_url, "-o"])
        .arg(site.path())
        .arg("--cache")
        .arg(cache.path())
        .output()
        .unwrap();
    assert!(
        published.status.success(),
        "dagsorden publish cases failed ({:?}):\n{}\n{}",
        published.status.code(),
        String::from_utf8_lossy(&published.stdout),
        String::from_utf8_lossy(&published.stderr)
    );

    let checked = Command::new("node")
        .arg(dir.join("check-site.mjs"))
        .arg(site.path())
        .args(["--base-url", base_url])
        // A word that stands only in the scanned bilag of item 97, which the
        // site has only as OCR text: the search must find it over HTTP.
        .args([
            "--search",
            "udskrevet",
            "--search-pdf",
            "Punkt_097_Bilag_1_Midtvejsevaluering",
        ])
        .env("CHROMIUM", chromium())
        .output()
        .unwrap();
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(
        checked.status.success(),
        "check-site.mjs found problems in the published site (exit {:?}):\n{report}",
        checked.status.code()
    );
    // The script's closing line names what it checked; a site of no pages would be no proof.
    let pages: usize = report
        .lines()
        .find_map(|l| l.strip_prefix("check-site: "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no `check-site: N pages` summary in:\n{report}"));
    assert!(
        pages >= 4,
        "only {pages} pages checked (an index, a committee, a meeting at least):\n{report}"
    );
    let search = report
        .lines()
        .find_map(|l| l.strip_prefix("check-site: search: "))
        .unwrap_or_else(|| panic!("no `check-site: search:` summary in:\n{report}"));
    assert!(
        search.contains("»udskrevet« 1 result"),
        "the word of the OCR'd bilag is not found once: {search}"
    );
}
