//! `dagsorden import`: the three case systems' fixture exports become case files that check, render and say what the export says; bad exports are errors at their place, with nothing written.

use std::path::Path;

use crate::common::{dagsorden, files_in, pdf_text, squash};

/// Runs `dagsorden import FORMAT EXPORT -o DIR` (and `extra`); exit code, stdout, stderr.
fn import(format: &str, export: &str, dir: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let out = dagsorden()
        .args([
            "import",
            format,
            &format!("tests/fixtures/import/{export}"),
            "-o",
        ])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every YAML file of the folder, named, in one text.
fn yaml_files(dir: &Path) -> String {
    let mut names: Vec<String> = files_in(dir)
        .into_iter()
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| format!("==> {n}\n{}", std::fs::read_to_string(dir.join(n)).unwrap()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file of the folder with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<String> = files_in(dir)
        .into_iter()
        .filter(|n| dir.join(n).is_file())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let b = std::fs::read(dir.join(&n)).unwrap();
            (n, b)
        })
        .collect()
}

/// Imports, checks, renders both editions with the packet; returns the
/// YAML and the text of the internal and public meeting PDFs.
fn import_check_render(format: &str) -> (String, String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("moede");
    let (code, stdout, stderr) = import(format, format, &dir, &[]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("3 items and 2 bilag"), "{stdout}");
    let check = dagsorden().arg("check").arg(&dir).output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let mut texts = Vec::new();
    for edition in ["intern", "offentlig"] {
        let out = tmp.path().join(edition);
        let render = dagsorden()
            .arg("render")
            .arg(&dir)
            .args(["--samlet", "--udgave", edition, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            render.status.success(),
            "{}",
            String::from_utf8_lossy(&render.stderr)
        );
        let meeting = files_in(&out)
            .into_iter()
            .find(|n| {
                n.starts_with("Referat_")
                    && n.ends_with(".pdf")
                    && !n.contains("samlet")
                    && !n.contains('/')
            })
            .unwrap_or_else(|| panic!("no meeting PDF in {:?}", files_in(&out)));
        texts.push(squash(&pdf_text(
            &std::fs::read(out.join(meeting)).unwrap(),
        )));
    }
    let public = texts.pop().unwrap();
    (yaml_files(&dir), texts.pop().unwrap(), public)
}

fn assert_has(what: &str, text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(&squash(n)), "{what} lacks {n:?}:\n{text}");
    }
}

#[test]
fn sbsys_export_imports_checks_and_renders() {
    let (yaml, internal, public) = import_check_render("sbsys");
    insta::assert_snapshot!("import_sbsys", yaml);
    assert_has(
        "the minutes",
        &internal,
        &[
            "Udvalget for Læring",
            "Rådhuset, Juelsminde, mødelokale 1",
            "17.00.00-A00-12-21",
            "2. Skolestruktur i Juelsminde & Glud",
            "Udvalget skal tage stilling til, om skolerne i Juelsminde og Glud skal lægges sammen",
            "Besparelse (1.000 kr.)",
            "2.500",
            "Forældrebestyrelsen \"ønsker en løsning\"",
            "Glud Skole: 98 elever",
            "Høringssvar",
            "Børne- og Uddannelsesdirektøren indstiller,",
            "at skolerne lægges sammen fra 1. august 2022, og",
            "Indstillingen blev godkendt.",
            "Sagen behandles for lukkede døre.",
        ],
    );
    assert!(
        !internal.contains("alert") && !internal.contains("Intern note"),
        "{internal}"
    );
    assert_has(
        "the public minutes",
        &public,
        &[
            "Høringssvar fra skolebestyrelsen (ikke offentlig)",
            "Lukket punkt",
        ],
    );
    assert!(
        !public.contains("Sagen behandles for lukkede døre."),
        "{public}"
    );
}

#[test]
fn edoc_export_imports_checks_and_renders() {
    let (yaml, internal, public) = import_check_render("edoc");
    insta::assert_snapshot!("import_edoc", yaml);
    assert_has(
        "the minutes",
        &internal,
        &[
            "Børne- og Familieudvalget",
            "4. december 2012",
            "17.01.00-P20-4-12",
            "Ny skolestruktur – høring af forældre og børn",
            "hos forældre og børn",
            "Ølsted 212",
            "Forvaltningen indstiller,",
            "at forslaget sendes i høring.",
            "at dagsordenen godkendes.",
        ],
    );
    assert_has(
        "the public minutes",
        &public,
        &[
            "Fortrolig oversigt over elever (ikke offentlig)",
            "3. Klagesag",
            "Lukket punkt",
        ],
    );
    assert!(
        !public.contains("Sagen behandles for lukkede døre."),
        "{public}"
    );
}

#[test]
fn agman_export_imports_checks_and_renders() {
    let (yaml, internal, public) = import_check_render("agman");
    insta::assert_snapshot!("import_agman", yaml);
    assert_has(
        "the minutes",
        &internal,
        &[
            "Social- og Sundhedsudvalget",
            "Formand: Ole Vind",
            "Fraværende: Gitte Andersen (V)",
            "Ole Ødmann deltog som suppleant for Gitte Andersen (V)",
            "97. Omgørelsesprocenter på børne- og ungeområdet 2020",
            "27.24.00-A00-1-21",
            "Ankestyrelsens omgørelsesprocenter for 2020",
            "Beslutning, Social- og Sundhedsudvalget, 25. oktober 2021",
            "Sagen blev udsat.",
            "Barnets lov",
            "at orienteringen tages til efterretning.",
            "Taget til efterretning.",
        ],
    );
    assert_has(
        "the public minutes",
        &public,
        &[
            "Klagernes navne (ikke offentlig)",
            "98. Personalesag",
            "Lukket punkt",
        ],
    );
    assert!(
        !public.contains("Lukket punkt. "),
        "the closed item's text is not public: {public}"
    );
}

#[test]
fn reimport_is_byte_identical_and_needs_force_to_overwrite() {
    for format in ["sbsys", "edoc", "agman"] {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        assert_eq!(import(format, format, &a, &[]).0, Some(0));
        assert_eq!(import(format, format, &b, &[]).0, Some(0));
        assert_eq!(tree(&a), tree(&b), "{format}: two imports differ");

        std::fs::write(a.join("moede.yaml"), "redigeret\n").unwrap();
        let (code, _, stderr) = import(format, format, &a, &[]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains("already exists") && stderr.contains("--force"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(a.join("moede.yaml")).unwrap(),
            "redigeret\n"
        );

        let (code, _, stderr) = import(format, format, &a, &["--force"]);
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(tree(&a), tree(&b), "{format}: --force gives the import");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            2,
            "no staging folder is left: {leftovers:?}"
        );
    }
}

#[test]
fn default_folder_is_cases_udvalg_dato() {
    let tmp = tempfile::tempdir().unwrap();
    let out = dagsorden()
        .current_dir(tmp.path())
        .args(["import", "agman"])
        .arg(crate::common::repo().join("tests/fixtures/import/agman"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tmp
        .path()
        .join("cases/social-og-sundhedsudvalget/2021-11-29");
    assert!(
        dir.join("moede.yaml").is_file(),
        "{:?}",
        files_in(tmp.path())
    );
}

macro_rules! bad_export {
    ($test:ident, $format:literal, $export:literal, $location:literal) => {
        #[test]
        fn $test() {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("moede");
            let (code, stdout, stderr) = import($format, $export, &dir, &[]);
            assert_eq!(code, Some(1), "{stdout}{stderr}");
            assert!(
                stderr.contains(concat!("tests/fixtures/import/", $export, "/", $location)),
                "{stderr}"
            );
            assert!(stderr.ends_with("nothing was written\n"), "{stderr}");
            assert!(!dir.exists(), "nothing is written");
            assert_eq!(
                std::fs::read_dir(tmp.path()).unwrap().count(),
                0,
                "no staging folder is left"
            );
            insta::assert_snapshot!(stringify!($test), stderr);
        }
    };
}

bad_export!(
    import_malformed_xml,
    "sbsys",
    "bad/malformed",
    "Dagsorden.xml:7:5"
);
bad_export!(
    import_missing_bilag,
    "agman",
    "bad/missing-bilag",
    "publication.xml:15:104"
);
bad_export!(
    import_unknown_date,
    "edoc",
    "bad/unknown-date",
    "eDocAgendaPublishing.xml:4:3"
);

#[test]
fn the_wrong_format_names_the_right_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, stderr) = import("edoc", "sbsys", &tmp.path().join("m"), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("an export from eDoc begins with <Meeting>, this one with <Dagsorden>"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tests/fixtures/import/sbsys/Dagsorden.xml:3:1"),
        "{stderr}"
    );
    assert!(stderr.contains("`dagsorden import sbsys`"), "{stderr}");
}
