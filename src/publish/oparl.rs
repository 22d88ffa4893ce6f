//! The OParl 1.1 export of the published site: System, Body, Organization, Person, Meeting, AgendaItem, Consultation, Paper, Location and File as JSON files under `oparl/`.
//!
//! Every object is a file of its own, its `id` the address of that file
//! (the base URL followed by its path in the site), and is embedded where
//! OParl embeds it (a meeting's agenda items and files, a paper's files).
//! The external lists (`oparl/organizations.json`, …) hold every object on
//! one page. Only what the public edition shows is exported: a closed item
//! is an AgendaItem with `public: false`, its title and its published
//! decision, and a Paper with its case number and public PDF.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::site::url_path;
use super::{Meeting, PublishError, Site, SiteFile, key};

/// The OParl version written.
const VERSION: &str = "https://schema.oparl.org/1.1/";

fn kind(name: &str) -> String {
    format!("{VERSION}{name}")
}

/// Builds the OParl files; `base` is the normalised base URL.
struct Export<'a> {
    base: &'a str,
    dir: &'a Path,
    files: BTreeMap<String, Vec<u8>>,
}

impl Export<'_> {
    /// The id (address) of the site's file at `path`.
    fn id(&self, path: &str) -> String {
        format!("{}{}", self.base, url_path(path))
    }

    /// Writes `object` into its own file at `path` and returns it.
    fn object(&mut self, path: &str, object: Value) -> Result<Value, PublishError> {
        let bytes = serde_json::to_vec_pretty(&object)?;
        let mut bytes = bytes;
        bytes.push(b'\n');
        self.files.insert(path.to_string(), bytes);
        Ok(object)
    }

    /// An external list holding every object on one page.
    fn list(&mut self, path: &str, data: Vec<Value>) -> Result<(), PublishError> {
        let n = data.len();
        self.object(
            path,
            json!({
                "data": data,
                "pagination": {
                    "totalElements": n,
                    "elementsPerPage": n.max(1),
                    "currentPage": 1,
                    "totalPages": 1
                },
                "links": {}
            }),
        )
        .map(drop)
    }

    /// A File object for a PDF of the site, written to its own file.
    fn file(
        &mut self,
        site_file: &SiteFile,
        name: &str,
        date: &str,
    ) -> Result<Value, PublishError> {
        use sha2::Digest;
        let bytes =
            std::fs::read(self.dir.join(&site_file.path)).map_err(|source| PublishError::Read {
                path: site_file.path.clone(),
                source,
            })?;
        let checksum: String = sha2::Sha512::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let file_name = site_file
            .path
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let path = format!("oparl/file/{}.json", file_key(&site_file.path));
        let object = json!({
            "id": self.id(&path),
            "type": kind("File"),
            "name": name,
            "fileName": file_name,
            "mimeType": "application/pdf",
            "date": date,
            "size": bytes.len(),
            "sha512Checksum": checksum,
            "accessUrl": self.id(&site_file.path),
            "downloadUrl": self.id(&site_file.path),
        });
        self.object(&path, object)
    }
}

/// A File's key, from its path in the site: `udvalget-for-laering-2021-11-29-punkt_096_…_offentlig`.
fn file_key(path: &str) -> String {
    let path = path.strip_prefix("dokumenter/").unwrap_or(path);
    let path = path.strip_suffix(".pdf").unwrap_or(path);
    path.chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect()
}

/// `2021-11-29`.
fn iso_date(m: &Meeting) -> String {
    let d = m.view.dato;
    format!("{:04}-{:02}-{:02}", d.aar, d.maaned, d.dag)
}

/// The meeting's start as a date-time in Danish time, when its `tid`
/// begins with a time of day (`15:00`, `15.00`, `kl. 15:00-17:00`).
fn start(m: &Meeting) -> Option<String> {
    let tid = m.view.tid.as_deref()?;
    let digits = tid.trim_start_matches(|c: char| !c.is_ascii_digit());
    let (h, rest) = digits.split_once([':', '.'])?;
    let hour: u32 = h.parse().ok().filter(|h| *h < 24)?;
    let minute: u32 = rest.get(..2)?.parse().ok().filter(|m| *m < 60)?;
    let d = m.view.dato;
    let date = chrono::NaiveDate::from_ymd_opt(d.aar, d.maaned, d.dag)?;
    let offset = if summer_time(date) {
        "+02:00"
    } else {
        "+01:00"
    };
    Some(format!("{}T{hour:02}:{minute:02}:00{offset}", iso_date(m)))
}

/// Whether Danish summer time (CEST) holds on `date` during the day: from
/// the last Sunday of March to the day before the last Sunday of October.
fn summer_time(date: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    let last_sunday = |month: u32| {
        let first_next = chrono::NaiveDate::from_ymd_opt(date.year(), month + 1, 1)?;
        let last = first_next.pred_opt()?;
        let back = last.weekday().num_days_from_sunday();
        last.checked_sub_days(chrono::Days::new(back.into()))
    };
    match (last_sunday(3), last_sunday(10)) {
        (Some(begin), Some(end)) => date >= begin && date < end,
        _ => false,
    }
}

/// Every OParl file of the site, by path relative to the site; `dir` is the
/// site's folder, holding the PDFs already.
pub fn files(
    site: &Site,
    base: &str,
    dir: &Path,
) -> Result<BTreeMap<String, Vec<u8>>, PublishError> {
    let mut x = Export {
        base,
        dir,
        files: BTreeMap::new(),
    };
    let system_id = x.id("oparl/system.json");
    let body_id = x.id("oparl/body.json");
    let lists = [
        "organizations",
        "persons",
        "meetings",
        "papers",
        "agendaitems",
        "consultations",
        "memberships",
        "files",
    ];
    let list_id: BTreeMap<&str, String> = lists
        .iter()
        .map(|l| (*l, x.id(&format!("oparl/{l}.json"))))
        .collect();

    let system = json!({
        "id": system_id,
        "type": kind("System"),
        "oparlVersion": VERSION,
        "body": x.id("oparl/bodies.json"),
        "name": format!("{} – dagsordener og referater", site.kommune),
        "website": x.id("index.html"),
        "web": x.id("index.html"),
    });
    x.object("oparl/system.json", system)?;
    let body = json!({
        "id": body_id,
        "type": kind("Body"),
        "system": system_id,
        "name": site.kommune,
        "organization": list_id["organizations"],
        "person": list_id["persons"],
        "meeting": list_id["meetings"],
        "paper": list_id["papers"],
        "agendaItem": list_id["agendaitems"],
        "consultation": list_id["consultations"],
        "membership": list_id["memberships"],
        "file": list_id["files"],
        "legislativeTerm": [],
        "classification": "Kommune",
        "web": x.id("index.html"),
    });
    let body = x.object("oparl/body.json", body)?;
    x.list("oparl/bodies.json", vec![body])?;

    // Committees and people, by key; each meeting names its own.
    let mut organizations: BTreeMap<String, Value> = BTreeMap::new();
    let mut persons: BTreeMap<String, Value> = BTreeMap::new();
    // By committee and person: (person, committee, Membership).
    let mut memberships: BTreeMap<String, (String, String, Value)> = BTreeMap::new();
    let mut meetings = Vec::new();
    let mut papers = Vec::new();
    let mut agenda_items = Vec::new();
    let mut consultations = Vec::new();
    let mut all_files = Vec::new();
    for m in &site.meetings {
        let org_path = format!("oparl/organization/{}.json", m.udvalg_key);
        let org_id = x.id(&org_path);
        organizations
            .entry(m.udvalg_key.clone())
            .or_insert_with(|| {
                json!({
                    "id": org_id,
                    "type": kind("Organization"),
                    "body": body_id,
                    "name": m.view.udvalg,
                    "organizationType": "Gremium",
                    "classification": "Udvalg",
                    "web": x.id(&format!("{}/index.html", m.udvalg_key)),
                })
            });
        let mut participants = Vec::new();
        for name in std::iter::once(&m.view.formand).chain(&m.view.medlemmer) {
            let person_path = format!("oparl/person/{}.json", key(name));
            let id = x.id(&person_path);
            // Who took part: the chair and the members, less those absent.
            if !participants.contains(&id) && !m.view.fravaerende.contains(name) {
                participants.push(id.clone());
            }
            persons.entry(key(name)).or_insert_with(|| {
                json!({
                    "id": id,
                    "type": kind("Person"),
                    "body": body_id,
                    "name": name,
                })
            });
            // A member of the committee, in the role of its newest meeting
            // (the meetings come newest first).
            let membership_key = format!("{}-{}", m.udvalg_key, key(name));
            memberships
                .entry(membership_key.clone())
                .or_insert_with(|| {
                    let role = if *name == m.view.formand {
                        "Formand"
                    } else {
                        "Medlem"
                    };
                    (
                        key(name),
                        m.udvalg_key.clone(),
                        json!({
                            "id": x.id(&format!("oparl/membership/{membership_key}.json")),
                            "type": kind("Membership"),
                            "person": id,
                            "organization": org_id,
                            "role": role,
                            "votingRight": true,
                        }),
                    )
                });
        }
        let date = iso_date(m);
        let meeting_path = format!("oparl/meeting/{}.json", m.key);
        let meeting_id = x.id(&meeting_path);
        let mut items = Vec::new();
        for (order, item) in m.items.iter().enumerate() {
            let v = &item.view;
            let n = order + 1;
            let item_key = format!("{}-{n}", m.key);
            let number = v.nummer.map(|n| n.to_string());
            let title = match &number {
                Some(n) => format!("{n}. {}", v.titel),
                None => v.titel.clone(),
            };
            let web = format!("{}#punkt-{n}", x.id(&m.page));
            let mut bilag = Vec::new();
            for (b, f) in &item.bilag {
                if let Some(f) = f {
                    let file = x.file(f, &b.titel, &date)?;
                    all_files.push(file.clone());
                    bilag.push(file);
                }
            }
            let main_file = match &item.pdf {
                Some(f) => {
                    let file = x.file(f, &title, &date)?;
                    all_files.push(file.clone());
                    Some(file)
                }
                None => None,
            };
            let agenda_path = format!("oparl/agendaitem/{item_key}.json");
            let paper_path = format!("oparl/paper/{item_key}.json");
            let consultation_path = format!("oparl/consultation/{item_key}.json");
            let mut agenda = Map::new();
            agenda.insert("id".into(), x.id(&agenda_path).into());
            agenda.insert("type".into(), kind("AgendaItem").into());
            agenda.insert("meeting".into(), meeting_id.clone().into());
            if let Some(number) = &number {
                agenda.insert("number".into(), number.clone().into());
            }
            agenda.insert("order".into(), n.into());
            agenda.insert("name".into(), v.titel.clone().into());
            agenda.insert("public".into(), (!v.lukket).into());
            agenda.insert("consultation".into(), x.id(&consultation_path).into());
            if let Some(text) = v.tekster.get("beslutning") {
                agenda.insert("resolutionText".into(), text.clone().into());
            }
            if !bilag.is_empty() {
                agenda.insert("auxiliaryFile".into(), bilag.clone().into());
            }
            agenda.insert("keyword".into(), json!([v.sagsnr]));
            agenda.insert("web".into(), web.clone().into());
            let agenda = x.object(&agenda_path, Value::Object(agenda))?;
            agenda_items.push(agenda.clone());
            items.push(agenda);

            let consultation = json!({
                "id": x.id(&consultation_path),
                "type": kind("Consultation"),
                "paper": x.id(&paper_path),
                "agendaItem": x.id(&agenda_path),
                "meeting": meeting_id,
                "organization": [org_id],
                "authoritative": m.view.udgave == crate::load::model::Dokumenttype::Referat,
            });
            let consultation = x.object(&consultation_path, consultation)?;
            consultations.push(consultation.clone());

            let mut paper = Map::new();
            paper.insert("id".into(), x.id(&paper_path).into());
            paper.insert("type".into(), kind("Paper").into());
            paper.insert("body".into(), body_id.clone().into());
            paper.insert("name".into(), v.titel.clone().into());
            paper.insert("reference".into(), v.sagsnr.clone().into());
            paper.insert("date".into(), date.clone().into());
            paper.insert("paperType".into(), "Dagsordenspunkt".into());
            if let Some(file) = main_file {
                paper.insert("mainFile".into(), file);
            }
            if !bilag.is_empty() {
                paper.insert("auxiliaryFile".into(), bilag.into());
            }
            paper.insert("consultation".into(), json!([consultation]));
            paper.insert("web".into(), web.into());
            papers.push(x.object(&paper_path, Value::Object(paper))?);
        }

        let mut meeting = Map::new();
        meeting.insert("id".into(), meeting_id.clone().into());
        meeting.insert("type".into(), kind("Meeting").into());
        meeting.insert("name".into(), m.view.titel.clone().into());
        if let Some(start) = start(m) {
            meeting.insert("start".into(), start.into());
        }
        if let Some(sted) = &m.view.sted {
            let location_path = format!("oparl/location/{}.json", m.key);
            let location = json!({
                "id": x.id(&location_path),
                "type": kind("Location"),
                "description": sted,
            });
            meeting.insert("location".into(), x.object(&location_path, location)?);
        }
        meeting.insert("organization".into(), json!([org_id]));
        meeting.insert("participant".into(), participants.into());
        let overskrift = m.view.overskrift;
        if let Some(pdf) = &m.pdf {
            let file = x.file(pdf, &m.view.titel, &date)?;
            all_files.push(file.clone());
            let role = match m.view.udgave {
                crate::load::model::Dokumenttype::Dagsorden => "invitation",
                crate::load::model::Dokumenttype::Referat => "resultsProtocol",
            };
            meeting.insert(role.into(), file);
        }
        let mut auxiliary = Vec::new();
        if let Some(samlet) = &m.samlet {
            let name = format!("{overskrift} med alle bilag – {}", m.view.titel);
            auxiliary.push(x.file(samlet, &name, &date)?);
        }
        if let Some(tillaeg) = &m.tillaeg {
            let name = format!("Tillæg til referat – {}", m.view.titel);
            auxiliary.push(x.file(tillaeg, &name, &date)?);
        }
        if !auxiliary.is_empty() {
            all_files.extend(auxiliary.iter().cloned());
            meeting.insert("auxiliaryFile".into(), auxiliary.into());
        }
        meeting.insert("agendaItem".into(), items.into());
        meeting.insert("keyword".into(), json!(m.view.sagsnumre));
        meeting.insert("web".into(), x.id(&m.page).into());
        meetings.push(x.object(&meeting_path, Value::Object(meeting))?);
    }
    // Memos: a Paper each, with its PDF.
    for memo in &site.memos {
        let v = &memo.view;
        let d = v.dato;
        let date = format!("{:04}-{:02}-{:02}", d.aar, d.maaned, d.dag);
        let file = x.file(&memo.pdf, &v.titel, &date)?;
        all_files.push(file.clone());
        let paper_path = format!("oparl/paper/{}.json", file_key(&memo.pdf.path));
        let mut paper = Map::new();
        paper.insert("id".into(), x.id(&paper_path).into());
        paper.insert("type".into(), kind("Paper").into());
        paper.insert("body".into(), body_id.clone().into());
        paper.insert("name".into(), v.titel.clone().into());
        if let Some(sagsnr) = &v.sagsnr {
            paper.insert("reference".into(), sagsnr.clone().into());
        }
        paper.insert("date".into(), date.into());
        paper.insert("paperType".into(), "Notat".into());
        paper.insert("mainFile".into(), file);
        paper.insert("web".into(), x.id("index.html").into());
        papers.push(x.object(&paper_path, Value::Object(paper))?);
    }
    // Each membership in its own file, embedded in its person, named by its committee.
    let mut membership_list = Vec::new();
    for (k, (person, organization, membership)) in &memberships {
        let membership = x.object(&format!("oparl/membership/{k}.json"), membership.clone())?;
        membership_list.push(membership.clone());
        if let Some(Value::Object(p)) = persons.get_mut(person)
            && let Value::Array(list) = p
                .entry("membership")
                .or_insert_with(|| Value::Array(Vec::new()))
        {
            list.push(membership.clone());
        }
        if let Some(Value::Object(o)) = organizations.get_mut(organization)
            && let Value::Array(list) = o
                .entry("membership")
                .or_insert_with(|| Value::Array(Vec::new()))
        {
            list.push(membership["id"].clone());
        }
    }
    let organizations: Vec<Value> = organizations
        .into_iter()
        .map(|(k, o)| x.object(&format!("oparl/organization/{k}.json"), o))
        .collect::<Result<_, _>>()?;
    let persons: Vec<Value> = persons
        .into_iter()
        .map(|(k, p)| x.object(&format!("oparl/person/{k}.json"), p))
        .collect::<Result<_, _>>()?;
    x.list("oparl/organizations.json", organizations)?;
    x.list("oparl/persons.json", persons)?;
    x.list("oparl/meetings.json", meetings)?;
    x.list("oparl/papers.json", papers)?;
    x.list("oparl/agendaitems.json", agenda_items)?;
    x.list("oparl/consultations.json", consultations)?;
    x.list("oparl/memberships.json", membership_list)?;
    all_files.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    all_files.dedup();
    x.list("oparl/files.json", all_files)?;
    Ok(x.files)
}

#[cfg(test)]
mod tests {
    use super::summer_time;
    use chrono::NaiveDate;

    #[test]
    fn danish_summer_time() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(!summer_time(d(2021, 11, 29)));
        assert!(summer_time(d(2022, 6, 1)));
        assert!(summer_time(d(2021, 3, 28))); // the last Sunday of March
        assert!(!summer_time(d(2021, 3, 27)));
        assert!(!summer_time(d(2021, 10, 31))); // the last Sunday of October
        assert!(summer_time(d(2021, 10, 30)));
    }
}
