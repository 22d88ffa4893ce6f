//! dagsorden: YAML case files → checked view data → Typst source → archival PDF, for a Danish municipality's committees.
//!
//! The stages, one module each, every import pointing down this list:
//! the foundation ([`diagnostic`], [`format`], [`memo`], [`assets`],
//! [`atomic`], [`digest`]) → [`bilag`] (received files made PDF/A) →
//! [`load`] → [`persondata`] (what may not be published) → [`check`] → [`template`] → [`typeset`] → [`write`] (every
//! output name) → [`engine`] (set up once per process) → [`prepared`] (a
//! document ready to typeset) → [`meeting`] → [`provenance`] (what a PDF
//! embeds), [`screening`] (the public edition read for personal data) → [`pipeline`] (one case file) → [`verify`], [`approval`] →
//! [`batch`] (many) → [`publish`], [`watch`] → [`schema`], [`scaffold`].
//! `tests/suite/layers.rs` holds the order.

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
pub mod import;
pub mod load;
pub mod meeting;
pub mod memo;
pub mod persondata;
pub mod pipeline;
pub mod prepared;
pub mod provenance;
pub mod publish;
pub mod scaffold;
pub mod schema;
pub mod screening;
pub mod template;
pub mod typeset;
pub mod verify;
pub mod watch;
pub mod write;
