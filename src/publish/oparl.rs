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
use super::{MeetingPage, PublishError, Site, SiteFile, key};

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
    /// Each case's key and page, by sagsnr: its items share one Paper.
    sager: BTreeMap<String, (String, String)>,
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
fn iso_date(m: &MeetingPage) -> String {
    m.view.dato.iso()
}

/// The meeting's start as a date-time in Danish time, when its `tid`
/// begins with a time of day (`15:00`, `15.00`, `kl. 15:00-17:00`).
fn start(m: &MeetingPage) -> Option<String> {
    let ((hour, minute), _) = match super::meeting_times(m.view.tid.as_deref()) {
        (Some(start), end) => (start, end),
        (None, _) => return None,
    };
    let date = m.view.dato.naive()?;
    let offset = if super::summer_time(date) {
        "+02:00"
    } else {
        "+01:00"
    };
    Some(format!("{}T{hour:02}:{minute:02}:00{offset}", iso_date(m)))
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
        sager: site
            .sager
            .iter()
            .map(|s| (s.sagsnr.clone(), (s.key.clone(), s.page.clone())))
            .collect(),
    };
    let body_id = x.system_and_body(&site.kommune)?;
    let mut all = Gathered::default();
    for m in &site.meetings {
        x.meeting(m, &body_id, &mut all)?;
    }
    // Memos: a Paper each, with its PDF.
    for memo in &site.memos {
        x.memo(memo, &body_id, &mut all)?;
    }
    x.case_papers(&body_id, &mut all)?;
    x.write_lists(all)?;
    Ok(x.files)
}

/// The objects gathered from the meetings and memos for the external lists (committees and people by key, as each meeting names its own).
#[derive(Default)]
struct Gathered {
    organizations: BTreeMap<String, Value>,
    persons: BTreeMap<String, Value>,
    /// By committee and person: (person, committee, Membership).
    memberships: BTreeMap<String, (String, String, Value)>,
    meetings: Vec<Value>,
    papers: Vec<Value>,
    agenda_items: Vec<Value>,
    consultations: Vec<Value>,
    files: Vec<Value>,
    /// The Paper of each case, by its path, gathered from every meeting.
    cases: BTreeMap<String, CasePaper>,
}

/// One item of a case: its title, its PDF's File, its bilag's Files and its Consultation.
type CaseItem = (String, Option<Value>, Vec<Value>, Value);

/// A case's Paper as the meetings bring its parts.
#[derive(Default)]
struct CasePaper {
    /// By date, meeting and order: the title, the item's PDF, its bilag and its Consultation.
    items: BTreeMap<(String, String, usize), CaseItem>,
    reference: String,
    web: String,
}

/// A meeting as its objects refer to it: its date and the ids of the Body, its Organization and the Meeting.
struct Ids {
    date: String,
    organization: String,
    meeting: String,
}

/// A Paper's fields besides its id, type and Body, for [`Export::paper`].
struct Paper {
    name: String,
    reference: Option<String>,
    date: String,
    paper_type: &'static str,
    main_file: Option<Value>,
    auxiliary: Vec<Value>,
    consultation: Vec<Value>,
    web: String,
}

impl Export<'_> {
    /// Writes the System, its Body and the list of bodies; returns the Body's id.
    fn system_and_body(&mut self, kommune: &str) -> Result<String, PublishError> {
        let system_id = self.id("oparl/system.json");
        let body_id = self.id("oparl/body.json");
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
            .map(|l| (*l, self.id(&format!("oparl/{l}.json"))))
            .collect();

        let system = json!({
            "id": system_id,
            "type": kind("System"),
            "oparlVersion": VERSION,
            "body": self.id("oparl/bodies.json"),
            "name": format!("{} – dagsordener og referater", kommune),
            "website": self.id("index.html"),
            "web": self.id("index.html"),
        });
        self.object("oparl/system.json", system)?;
        let body = json!({
            "id": body_id,
            "type": kind("Body"),
            "system": system_id,
            "name": kommune,
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
            "web": self.id("index.html"),
        });
        let body = self.object("oparl/body.json", body)?;
        self.list("oparl/bodies.json", vec![body])?;
        Ok(body_id)
    }

    /// [`Export::file`], the File also gathered into `files` for the list of files.
    fn listed_file(
        &mut self,
        site_file: &SiteFile,
        name: &str,
        date: &str,
        files: &mut Vec<Value>,
    ) -> Result<Value, PublishError> {
        let file = self.file(site_file, name, date)?;
        files.push(file.clone());
        Ok(file)
    }

    /// Writes a meeting's agenda items, with their papers and files, and the Meeting itself.
    fn meeting(
        &mut self,
        m: &MeetingPage,
        body_id: &str,
        all: &mut Gathered,
    ) -> Result<(), PublishError> {
        let (org_id, participants) = self.committee_and_people(m, body_id, all);
        let meeting_path = format!("oparl/meeting/{}.json", m.key);
        let ids = Ids {
            date: iso_date(m),
            organization: org_id,
            meeting: self.id(&meeting_path),
        };
        let date = &ids.date;
        let mut items = Vec::new();
        for (order, item) in m.items.iter().enumerate() {
            items.push(self.agenda_item(m, &ids, order + 1, item, all)?);
        }

        let mut meeting = Map::new();
        meeting.insert("id".into(), ids.meeting.clone().into());
        meeting.insert("type".into(), kind("Meeting").into());
        meeting.insert("name".into(), m.view.titel.clone().into());
        if let Some(start) = start(m) {
            meeting.insert("start".into(), start.into());
        }
        if let Some(sted) = &m.view.sted {
            let location_path = format!("oparl/location/{}.json", m.key);
            let location = json!({
                "id": self.id(&location_path),
                "type": kind("Location"),
                "description": sted,
            });
            meeting.insert("location".into(), self.object(&location_path, location)?);
        }
        meeting.insert("organization".into(), json!([ids.organization]));
        meeting.insert("participant".into(), participants.into());
        let overskrift = m.view.overskrift;
        if let Some(pdf) = &m.pdf {
            let file = self.listed_file(pdf, &m.view.titel, date, &mut all.files)?;
            let role = match m.view.udgave {
                crate::load::model::Dokumenttype::Dagsorden => "invitation",
                crate::load::model::Dokumenttype::Referat => "resultsProtocol",
            };
            meeting.insert(role.into(), file);
        }
        let mut auxiliary = Vec::new();
        if let Some(samlet) = &m.samlet {
            let name = format!("{overskrift} med alle bilag – {}", m.view.titel);
            auxiliary.push(self.listed_file(samlet, &name, date, &mut all.files)?);
        }
        if let Some(tillaeg) = &m.tillaeg {
            let name = format!("Tillæg til referat – {}", m.view.titel);
            auxiliary.push(self.listed_file(tillaeg, &name, date, &mut all.files)?);
        }
        if !auxiliary.is_empty() {
            meeting.insert("auxiliaryFile".into(), auxiliary.into());
        }
        meeting.insert("agendaItem".into(), items.into());
        meeting.insert("keyword".into(), json!(m.view.sagsnumre));
        meeting.insert("web".into(), self.id(&m.page).into());
        all.meetings
            .push(self.object(&meeting_path, Value::Object(meeting))?);
        Ok(())
    }

    /// Gathers the meeting's committee, people and memberships, each once; returns the Organization's id and the ids of those who took part.
    fn committee_and_people(
        &self,
        m: &MeetingPage,
        body_id: &str,
        all: &mut Gathered,
    ) -> (String, Vec<String>) {
        let org_path = format!("oparl/organization/{}.json", m.udvalg_key);
        let org_id = self.id(&org_path);
        all.organizations
            .entry(m.udvalg_key.clone())
            .or_insert_with(|| {
                json!({
                    "id": org_id,
                    "type": kind("Organization"),
                    "body": body_id,
                    "name": m.view.udvalg,
                    "organizationType": "Gremium",
                    "classification": "Udvalg",
                    "web": self.id(&format!("{}/index.html", m.udvalg_key)),
                })
            });
        let mut participants = Vec::new();
        let chair = Some(&m.view.formand).filter(|f| !f.is_empty());
        for name in chair.into_iter().chain(&m.view.medlemmer) {
            let person_path = format!("oparl/person/{}.json", key(name));
            let id = self.id(&person_path);
            // Who took part: the chair and the members, less those absent.
            if !participants.contains(&id) && !m.view.fravaerende.contains(name) {
                participants.push(id.clone());
            }
            all.persons.entry(key(name)).or_insert_with(|| {
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
            all.memberships
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
                            "id": self.id(&format!("oparl/membership/{membership_key}.json")),
                            "type": kind("Membership"),
                            "person": id,
                            "organization": org_id,
                            "role": role,
                            "votingRight": true,
                        }),
                    )
                });
        }
        (org_id, participants)
    }

    /// Writes the meeting's `n`th item as an AgendaItem, a Consultation and a Paper, with its files; returns the AgendaItem.
    fn agenda_item(
        &mut self,
        m: &MeetingPage,
        ids: &Ids,
        n: usize,
        item: &super::ItemPage,
        all: &mut Gathered,
    ) -> Result<Value, PublishError> {
        let v = &item.view;
        let item_key = format!("{}-{n}", m.key);
        let number = v.nummer.map(|n| n.to_string());
        let title = match &number {
            Some(n) => format!("{n}. {}", v.titel),
            None => v.titel.clone(),
        };
        let web = format!("{}#punkt-{n}", self.id(&m.page));
        let mut bilag = Vec::new();
        for (b, f) in &item.bilag {
            if let Some(f) = f {
                bilag.push(self.listed_file(f, &b.titel, &ids.date, &mut all.files)?);
            }
        }
        let main_file = match &item.pdf {
            Some(f) => Some(self.listed_file(f, &title, &ids.date, &mut all.files)?),
            None => None,
        };
        let agenda_path = format!("oparl/agendaitem/{item_key}.json");
        // The items of one sagsnr are one Paper, with the case's page.
        let (paper_path, paper_web) = match self.sager.get(v.sagsnr.trim()) {
            Some((case_key, page)) => (format!("oparl/paper/{case_key}.json"), self.id(page)),
            None => (format!("oparl/paper/{item_key}.json"), web.clone()),
        };
        let consultation_path = format!("oparl/consultation/{item_key}.json");
        let mut agenda = Map::new();
        agenda.insert("id".into(), self.id(&agenda_path).into());
        agenda.insert("type".into(), kind("AgendaItem").into());
        agenda.insert("meeting".into(), ids.meeting.clone().into());
        if let Some(number) = &number {
            agenda.insert("number".into(), number.clone().into());
        }
        agenda.insert("order".into(), n.into());
        agenda.insert("name".into(), v.titel.clone().into());
        agenda.insert("public".into(), (!v.lukket).into());
        agenda.insert("consultation".into(), self.id(&consultation_path).into());
        if let Some(text) = v.tekster.get("beslutning") {
            agenda.insert("resolutionText".into(), text.clone().into());
        }
        if !bilag.is_empty() {
            agenda.insert("auxiliaryFile".into(), bilag.clone().into());
        }
        if !v.sagsnr.is_empty() {
            agenda.insert("keyword".into(), json!([v.sagsnr]));
        }
        agenda.insert("web".into(), web.into());
        let agenda = self.object(&agenda_path, Value::Object(agenda))?;
        all.agenda_items.push(agenda.clone());

        let consultation = json!({
            "id": self.id(&consultation_path),
            "type": kind("Consultation"),
            "paper": self.id(&paper_path),
            "agendaItem": self.id(&agenda_path),
            "meeting": ids.meeting,
            "organization": [ids.organization],
            "authoritative": m.view.udgave == crate::load::model::Dokumenttype::Referat,
        });
        let consultation = self.object(&consultation_path, consultation)?;
        all.consultations.push(consultation.clone());

        let case = all.cases.entry(paper_path).or_default();
        case.reference = v.sagsnr.clone();
        case.web = paper_web;
        case.items.insert(
            (ids.date.clone(), m.key.clone(), n),
            (v.titel.clone(), main_file, bilag, consultation),
        );
        Ok(agenda)
    }

    /// Writes a memo's Paper, with its PDF.
    fn memo(
        &mut self,
        memo: &super::MemoPage,
        body_id: &str,
        all: &mut Gathered,
    ) -> Result<(), PublishError> {
        let v = &memo.view;
        let d = v.dato;
        let date = format!("{:04}-{:02}-{:02}", d.aar, d.maaned, d.dag);
        let file = self.listed_file(&memo.pdf, &v.titel, &date, &mut all.files)?;
        let paper_path = format!("oparl/paper/{}.json", file_key(&memo.pdf.path));
        let paper = Paper {
            name: v.titel.clone(),
            reference: v.sagsnr.clone(),
            date,
            paper_type: "Notat",
            main_file: Some(file),
            auxiliary: Vec::new(),
            consultation: Vec::new(),
            web: self.id("index.html"),
        };
        all.papers.push(self.paper(&paper_path, body_id, paper)?);
        Ok(())
    }

    /// Writes a Paper of the Body `body_id` into its own file at `path` and returns it.
    fn paper(&mut self, path: &str, body_id: &str, p: Paper) -> Result<Value, PublishError> {
        let mut paper = Map::new();
        paper.insert("id".into(), self.id(path).into());
        paper.insert("type".into(), kind("Paper").into());
        paper.insert("body".into(), body_id.into());
        paper.insert("name".into(), p.name.into());
        if let Some(reference) = p.reference {
            paper.insert("reference".into(), reference.into());
        }
        paper.insert("date".into(), p.date.into());
        paper.insert("paperType".into(), p.paper_type.into());
        if let Some(file) = p.main_file {
            paper.insert("mainFile".into(), file);
        }
        if !p.auxiliary.is_empty() {
            paper.insert("auxiliaryFile".into(), p.auxiliary.into());
        }
        if !p.consultation.is_empty() {
            paper.insert("consultation".into(), p.consultation.into());
        }
        paper.insert("web".into(), p.web.into());
        self.object(path, Value::Object(paper))
    }

    /// Writes each case's Paper: named as its newest item, dated by its
    /// first, its main file the newest item's PDF, every bilag, and a
    /// Consultation for each meeting, oldest first.
    fn case_papers(&mut self, body_id: &str, all: &mut Gathered) -> Result<(), PublishError> {
        for (path, case) in std::mem::take(&mut all.cases) {
            let Some(((date, _, _), _)) = case.items.first_key_value() else {
                continue;
            };
            let date = date.clone();
            let mut name = String::new();
            let mut main_file = None;
            let mut auxiliary: Vec<Value> = Vec::new();
            let mut consultation = Vec::new();
            for (titel, file, bilag, c) in case.items.into_values() {
                name = titel;
                main_file = file.or(main_file);
                for b in bilag {
                    if !auxiliary.contains(&b) {
                        auxiliary.push(b);
                    }
                }
                consultation.push(c);
            }
            let paper = Paper {
                name,
                reference: Some(case.reference).filter(|r| !r.trim().is_empty()),
                date,
                paper_type: "Dagsordenspunkt",
                main_file,
                auxiliary,
                consultation,
                web: case.web,
            };
            all.papers.push(self.paper(&path, body_id, paper)?);
        }
        Ok(())
    }

    /// Writes each membership (embedded in its person, named by its committee), committee and person into its own file, then the external lists.
    fn write_lists(&mut self, mut all: Gathered) -> Result<(), PublishError> {
        let mut membership_list = Vec::new();
        for (k, (person, organization, membership)) in &all.memberships {
            let membership =
                self.object(&format!("oparl/membership/{k}.json"), membership.clone())?;
            membership_list.push(membership.clone());
            add_membership(&mut all.persons, person, membership.clone());
            add_membership(
                &mut all.organizations,
                organization,
                membership["id"].clone(),
            );
        }
        let organizations = self.each("oparl/organization", all.organizations)?;
        let persons = self.each("oparl/person", all.persons)?;
        self.list("oparl/organizations.json", organizations)?;
        self.list("oparl/persons.json", persons)?;
        self.list("oparl/meetings.json", all.meetings)?;
        self.list("oparl/papers.json", all.papers)?;
        self.list("oparl/agendaitems.json", all.agenda_items)?;
        self.list("oparl/consultations.json", all.consultations)?;
        self.list("oparl/memberships.json", membership_list)?;
        all.files
            .sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        all.files.dedup();
        self.list("oparl/files.json", all.files)
    }

    /// Writes each of `objects` into its own file `{folder}/{key}.json`; returns them in key order.
    fn each(
        &mut self,
        folder: &str,
        objects: BTreeMap<String, Value>,
    ) -> Result<Vec<Value>, PublishError> {
        objects
            .into_iter()
            .map(|(k, o)| self.object(&format!("{folder}/{k}.json"), o))
            .collect()
    }
}

/// Adds `entry` to the `membership` list of the object at `owner`, if there is one.
fn add_membership(objects: &mut BTreeMap<String, Value>, owner: &str, entry: Value) {
    if let Some(Value::Object(o)) = objects.get_mut(owner)
        && let Value::Array(list) = o
            .entry("membership")
            .or_insert_with(|| Value::Array(Vec::new()))
    {
        list.push(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::super::summer_time;
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
