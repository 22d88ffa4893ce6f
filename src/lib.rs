//! dagsorden: YAML case files → checked view data → Typst source → archival PDF, for a Danish municipality's committees.
//!
//! The stages, one module each: [`load`] → [`check`] → [`template`] →
//! [`typeset`] → [`write`]; [`pipeline`] runs them for one case file and
//! [`batch`] for many. A meeting — a `moede.yaml` and the item files
//! beside it — is [`meeting`]. [`bilag`] makes every attachment a validated PDF/A
//! file, converting what needs it with real engines. [`approval`] keeps
//! approved minutes final; [`provenance`] embeds the case files in every PDF
//! and renders a PDF again from them.

pub mod approval;
pub mod assets;
pub mod atomic;
pub mod batch;
pub mod bilag;
pub mod check;
pub mod diagnostic;
pub mod digest;
pub mod engine;
pub mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod load;
pub mod meeting;
pub mod memo;
pub mod pipeline;
pub mod prepared;
pub mod provenance;
pub mod publish;
pub mod scaffold;
pub mod schema;
pub mod template;
pub mod typeset;
pub mod verify;
pub mod watch;
pub mod write;
