//! Bilag as received — PDFs of any kind, Office files, scans — made into validated PDF/A files: confined to the rendered folders, fully read, converted by real programs, cached.
//!
//! What a file is and the checks at its `fil:` line are [`kind`]'s: they
//! run with the case file's other checks. The conversion service
//! ([`convert::Conversions`]) runs in the background from the moment a case
//! is prepared, alongside the typesetting, and is collected when the bilag
//! is written or joined into the complete packet. [`converters`] are the
//! programs it runs (LibreOffice, OCRmyPDF), [`cache`] keeps their output,
//! [`conformance`] is the validator's judgement.

pub mod cache;
pub mod conformance;
pub mod convert;
pub mod converters;
pub mod kind;

pub use convert::{Conversions, DEFAULT_LIMIT, Outcome, Ready};
pub use converters::Converter;
pub use kind::{ENDINGS, Kind, confine, inspect, read_pdf};
