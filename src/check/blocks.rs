//! The domain blocks of a text, checked and computed together: one place that knows every kind of block.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use crate::load::model::Blocks;

use super::Printable;
use super::budgetopfoelgning::{self, BudgetView};
use super::noegletal::{self, NoegletalView};
use super::omgorelser::{self, OmgorelserView};
use super::reduktionsplan::{self, ReduktionsplanView};
use super::udgiftsudvikling::{self, UdgiftsView};
use super::visitationsregler::{self, VisitationView};

/// The computed blocks, for the templates.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BlocksView {
    pub omgoerelser: Option<OmgorelserView>,
    pub reduktionsplan: Option<ReduktionsplanView>,
    pub budgetopfoelgning: Option<BudgetView>,
    pub visitationsregler: Option<VisitationView>,
    pub udgiftsudvikling: Option<UdgiftsView>,
    pub noegletal: Option<NoegletalView>,
}

impl BlocksView {
    pub fn any(&self) -> bool {
        self.omgoerelser.is_some()
            || self.reduktionsplan.is_some()
            || self.budgetopfoelgning.is_some()
            || self.visitationsregler.is_some()
            || self.udgiftsudvikling.is_some()
            || self.noegletal.is_some()
    }
}

/// Checks every block under `prefix` (`""` or `afsnit[2].`), collecting
/// problems; `printable` judges the texts a block reads from a spreadsheet.
pub fn check(
    source: &SourceFile,
    prefix: &str,
    b: &Blocks,
    printable: &Printable,
    problems: &mut Vec<Diagnostic>,
) -> BlocksView {
    fn keep<T>(result: Result<T, Vec<Diagnostic>>, problems: &mut Vec<Diagnostic>) -> Option<T> {
        result.map_err(|p| problems.extend(p)).ok()
    }
    let at = |key: &str| format!("{prefix}{key}");
    BlocksView {
        omgoerelser: b
            .omgorelser
            .and_then(|x| keep(omgorelser::check(source, &at("omgørelser"), x), problems)),
        reduktionsplan: b.reduktionsplan.and_then(|x| {
            keep(
                reduktionsplan::check(source, &at("reduktionsplan"), x),
                problems,
            )
        }),
        budgetopfoelgning: b.budgetopfoelgning.and_then(|x| {
            keep(
                budgetopfoelgning::check(source, &at("budgetopfølgning"), x, printable),
                problems,
            )
        }),
        visitationsregler: b.visitationsregler.and_then(|x| {
            keep(
                visitationsregler::check(source, &at("visitationsregler"), x),
                problems,
            )
        }),
        udgiftsudvikling: b.udgiftsudvikling.and_then(|x| {
            keep(
                udgiftsudvikling::check(source, &at("udgiftsudvikling"), x),
                problems,
            )
        }),
        noegletal: b
            .noegletal
            .and_then(|x| keep(noegletal::check(source, &at("nøgletal"), x), problems)),
    }
}

/// Every text the user typed into the blocks, with its key path, for the character checks.
pub fn texts<'a>(prefix: &str, b: &Blocks<'a>, all: &mut Vec<(String, &'a str)>) {
    if let Some(o) = b.omgorelser {
        for (n, a) in o.omraader.iter().enumerate() {
            all.push((format!("{prefix}omgørelser.områder[{n}].navn"), &a.navn));
            if let Some(k) = &a.kommentar {
                all.push((format!("{prefix}omgørelser.områder[{n}].kommentar"), k));
            }
        }
        for (n, h) in o.historik.iter().enumerate() {
            all.push((format!("{prefix}omgørelser.historik[{n}].navn"), &h.navn));
        }
    }
    if let Some(r) = b.reduktionsplan {
        all.push((format!("{prefix}reduktionsplan.enhed"), &r.enhed));
        for (n, i) in r.initiativer.iter().enumerate() {
            all.push((
                format!("{prefix}reduktionsplan.initiativer[{n}].navn"),
                &i.navn,
            ));
        }
    }
    if let Some(bo) = b.budgetopfoelgning {
        all.push((format!("{prefix}budgetopfølgning.periode"), &bo.periode));
        all.push((format!("{prefix}budgetopfølgning.enhed"), &bo.enhed));
        if let Some(ark) = bo.fra_regneark.as_ref().and_then(|r| r.ark.as_ref()) {
            all.push((format!("{prefix}budgetopfølgning.fra_regneark.ark"), ark));
        }
        for (n, o) in bo.omraader.iter().enumerate() {
            all.push((
                format!("{prefix}budgetopfølgning.områder[{n}].navn"),
                &o.navn,
            ));
            if let Some(g) = &o.gruppe {
                all.push((format!("{prefix}budgetopfølgning.områder[{n}].gruppe"), g));
            }
            if let Some(t) = &o.bemaerkning {
                all.push((
                    format!("{prefix}budgetopfølgning.områder[{n}].bemærkning"),
                    t,
                ));
            }
        }
    }
    if let Some(u) = b.udgiftsudvikling {
        all.push((format!("{prefix}udgiftsudvikling.titel"), &u.titel));
        all.push((format!("{prefix}udgiftsudvikling.enhed"), &u.enhed));
        if let Some(s) = &u.sammenligning {
            all.push((
                format!("{prefix}udgiftsudvikling.sammenligning.navn"),
                &s.navn,
            ));
            if let Some(e) = &s.enhed {
                all.push((format!("{prefix}udgiftsudvikling.sammenligning.enhed"), e));
            }
        }
    }
    if let Some(k) = b.noegletal {
        all.push((format!("{prefix}nøgletal.navn"), &k.navn));
        all.push((format!("{prefix}nøgletal.enhed"), &k.enhed));
    }
    if let Some(v) = b.visitationsregler {
        all.push((format!("{prefix}visitationsregler.område"), &v.omraade));
        let lists = [
            ("gældende", &v.gaeldende),
            ("foreslåede", &v.foreslaaede),
            ("fordel_for", &v.fordel_for),
            ("ikke_fordel_for", &v.ikke_fordel_for),
        ];
        for (key, list) in lists {
            for (n, t) in list.iter().enumerate() {
                all.push((format!("{prefix}visitationsregler.{key}[{n}]"), t));
            }
        }
        for (key, t) in [
            ("lovgrundlag", &v.lovgrundlag),
            ("evaluering", &v.evaluering),
        ] {
            if let Some(t) = t {
                all.push((format!("{prefix}visitationsregler.{key}"), t));
            }
        }
    }
}
