//! Charts in words: the alternative text of every chart, written as Danish sentences from the figures it draws (rounded as its table prints them), for a reader who cannot see it.
//!
//! A screen reader reads a chart's alternative text in one go, so it says
//! what the chart shows and how it runs — where it starts and ends, its
//! highest or lowest point when that lies between, how two series stand to
//! each other — with the figures in it, in words ("procent", not "%").
//! Every comparison is made on the figures as printed, so the words never
//! contradict the table beside the chart.

use rust_decimal::Decimal;

use crate::format;

/// A figure as it is printed: rounded to `places` decimals, with its unit.
#[derive(Debug, Clone, Copy)]
struct Figures<'a> {
    places: u32,
    /// Written after every figure: `procent`, `mio. kr.`, or empty.
    unit: &'a str,
}

impl Figures<'_> {
    fn rounded(&self, d: Decimal) -> Decimal {
        d.round_dp_with_strategy(self.places, format::ROUNDING)
    }

    /// `37,8 procent`, `301 mio. kr.`; the bare figure when `unit` is empty
    /// (a chart in `1.000 kr.` says its unit once, not after every figure).
    fn show(&self, d: Decimal) -> String {
        let n = format::number(d, self.places);
        if self.unit.is_empty() {
            n
        } else {
            format!("{n} {}", self.unit)
        }
    }
}

/// How a series runs over its years: a verb and the rest of the clause,
/// so that the caller puts the subject where Danish word order wants it
/// ("Udgifterne steg fra …", "På landsplan steg den fra …").
#[derive(Debug, PartialEq)]
struct Course {
    /// `steg`, `faldt` or `var`.
    verb: &'static str,
    /// `fra 34,0 procent i 2017 til 36,3 procent i 2020, og det hvert år`.
    rest: String,
}

impl Course {
    /// `{subject} {verb} {rest}`: the subject first (the tests read a
    /// course so).
    #[cfg(test)]
    fn after(&self, subject: &str) -> String {
        format!("{subject} {} {}", self.verb, self.rest)
    }

    /// `{opening} {verb} {pronoun} {rest}`: an adverbial first, then the
    /// verb before its subject.
    fn inverted(&self, opening: &str, pronoun: &str) -> String {
        format!("{opening} {} {pronoun} {}", self.verb, self.rest)
    }
}

/// How a series runs over its years: where it starts and ends, "hvert år"
/// when it rises or falls every year, otherwise its highest or lowest point
/// when that lies between (`pronoun` is `den` or `de` for that clause).
/// Years without a figure are left out; `None` when fewer than two remain.
fn course(points: &[(i32, Option<Decimal>)], f: Figures, pronoun: &str) -> Option<Course> {
    let known: Vec<(i32, Decimal)> = points
        .iter()
        .filter_map(|&(y, v)| v.map(|v| (y, f.rounded(v))))
        .collect();
    if known.len() < 2 {
        return None;
    }
    let (&(y0, v0), &(yn, vn)) = (known.first()?, known.last()?);
    let rising = known.windows(2).all(|w| w[1].1 > w[0].1);
    let falling = known.windows(2).all(|w| w[1].1 < w[0].1);
    let (verb, mut rest) = if vn > v0 {
        (
            "steg",
            format!("fra {} i {y0} til {} i {yn}", f.show(v0), f.show(vn)),
        )
    } else if vn < v0 {
        (
            "faldt",
            format!("fra {} i {y0} til {} i {yn}", f.show(v0), f.show(vn)),
        )
    } else {
        ("var", format!("{} både i {y0} og i {yn}", f.show(v0)))
    };
    if known.len() > 2 && (rising || falling) {
        rest.push_str(", og det hvert år");
        return Some(Course { verb, rest });
    }
    let inner = &known[1..known.len() - 1];
    let high = inner.iter().max_by_key(|p| p.1).copied();
    let low = inner.iter().min_by_key(|p| p.1).copied();
    let mut extremes = Vec::new();
    if let Some((y, v)) = high.filter(|p| p.1 > v0.max(vn)) {
        extremes.push(format!("højest i {y} med {}", f.show(v)));
    }
    if let Some((y, v)) = low.filter(|p| p.1 < v0.min(vn)) {
        extremes.push(format!("lavest i {y} med {}", f.show(v)));
    }
    if !extremes.is_empty() {
        rest.push_str(&format!(", og {pronoun} var {}", extremes.join(" og ")));
    }
    Some(Course { verb, rest })
}

/// How the rate `a` stands to the rate `b`, in percentage points:
/// `0,9 procentpoint over`, `8,5 procentpoint under`, `på samme niveau som`.
fn against(a: Decimal, b: Decimal, f: Figures) -> String {
    let (a, b) = (f.rounded(a), f.rounded(b));
    let shown = format!("{} procentpoint", format::number((a - b).abs(), f.places));
    if a > b {
        format!("{shown} over")
    } else if a < b {
        format!("{shown} under")
    } else {
        "på samme niveau som".to_string()
    }
}

/// The overturn rate of one area over the years, for the kommune and the
/// whole country: what the line chart of that area shows, after the
/// template's opening sentence (which names the area and the kommune).
pub fn omgoerelser(points: &[(i32, Option<Decimal>, Option<Decimal>)]) -> String {
    let f = Figures {
        places: 1,
        unit: "procent",
    };
    let own: Vec<(i32, Option<Decimal>)> = points.iter().map(|p| (p.0, p.1)).collect();
    let land: Vec<(i32, Option<Decimal>)> = points.iter().map(|p| (p.0, p.2)).collect();
    let mut out = Vec::new();
    match course(&own, f, "den") {
        Some(c) => out.push(format!("{}.", c.inverted("I kommunen", "den"))),
        None => out.push("For kommunen er der tal for færre end to år.".to_string()),
    }
    if let Some(c) = course(&land, f, "den") {
        out.push(format!("{}.", c.inverted("På landsplan", "den")));
    }
    if let Some(&(y, Some(a), Some(b))) =
        points.iter().rev().find(|p| p.1.is_some() && p.2.is_some())
    {
        out.push(format!(
            "I {y} lå kommunen {} landsplanen.",
            against(a, b, f)
        ));
    }
    out.join(" ")
}

/// A reduction plan's target and what its initiatives bring, year by year:
/// what its bar chart shows.
pub fn reduktionsplan(
    enhed: &str,
    aar: &[i32],
    maal: &[Decimal],
    opnaaet: &[Decimal],
    places: u32,
) -> String {
    let f = Figures { places, unit: "" };
    let mut out = vec![format!(
        "Søjlediagram over reduktionsmålet og initiativernes bidrag i {enhed}, år for år{}.",
        match (aar.first(), aar.last()) {
            (Some(a), Some(b)) if a != b => format!(" fra {a} til {b}"),
            _ => String::new(),
        }
    )];
    for (i, y) in aar.iter().enumerate() {
        let (m, o) = (maal[i].abs(), opnaaet[i].abs());
        let (mr, or) = (f.rounded(m), f.rounded(o));
        let rest = match or.cmp(&mr) {
            std::cmp::Ordering::Equal => "så målet er nået".to_string(),
            std::cmp::Ordering::Greater => {
                format!("så målet er overopfyldt med {}", f.show(or - mr))
            }
            std::cmp::Ordering::Less => format!("så der mangler {}", f.show(mr - or)),
        };
        out.push(format!(
            "I {y} er målet {}, og initiativerne giver {}, {rest}.",
            f.show(m),
            f.show(o)
        ));
    }
    out.join(" ")
}

/// Budget against expected accounts per area: what the budget follow-up's
/// bar chart shows.
pub fn budget(
    periode: &str,
    enhed: &str,
    areas: &[(&str, Decimal, Decimal)],
    places: u32,
) -> String {
    let f = Figures { places, unit: "" };
    let mut out = vec![format::sentence(format!(
        "Søjlediagram over korrigeret budget og forventet regnskab for hvert område, {periode}, i {enhed}"
    ))];
    for (navn, korrigeret, forventet) in areas {
        let (k, e) = (f.rounded(*korrigeret), f.rounded(*forventet));
        let how = if e > k {
            format!("et merforbrug på {}", f.show(e - k))
        } else if e < k {
            format!("et mindreforbrug på {}", f.show(k - e))
        } else {
            "hverken mer- eller mindreforbrug".to_string()
        };
        out.push(format!(
            "{navn} har et korrigeret budget på {} og et forventet regnskab på {}, altså {how}.",
            f.show(k),
            f.show(e)
        ));
    }
    out.join(" ")
}

/// One expenditure series over its years: what its bars show, after the
/// template's opening sentence. `budget_fra` is the first budget year,
/// when the years are marked as accounts or budget.
pub fn udgifter(
    navn: &str,
    enhed: &str,
    points: &[(i32, Decimal)],
    places: u32,
    budget_fra: Option<i32>,
) -> String {
    let f = Figures {
        places,
        unit: enhed,
    };
    let pts: Vec<(i32, Option<Decimal>)> = points.iter().map(|&(y, v)| (y, Some(v))).collect();
    let mut out = Vec::new();
    match course(&pts, f, "de") {
        Some(c) => out.push(format!(
            "{}.",
            c.inverted(&format!("For {navn}"), "udgifterne")
        )),
        None => {
            if let Some(&(y, v)) = points.first() {
                out.push(format!("For {navn} var udgifterne {} i {y}.", f.show(v)));
            }
        }
    }
    if let Some(y) = budget_fra {
        out.push(format!("Fra {y} er tallene budget, før det regnskab."));
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The share of letters in a text: what a checker takes as the sign that
    /// an alternative text reads as language (outloud's FIG-012 asks ½).
    fn letter_share(text: &str) -> f64 {
        let all = text.chars().count().max(1);
        text.chars().filter(|c| c.is_alphabetic()).count() as f64 / all as f64
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_overturn_chart_of_det_sociale_omraade() {
        // Seed 001: 37,8 36,5 33,9 37,2 against 34,0 35,1 35,8 36,3.
        let alt = omgoerelser(&[
            (2017, Some(d("37.8")), Some(d("34.0"))),
            (2018, Some(d("36.5")), Some(d("35.1"))),
            (2019, Some(d("33.9")), Some(d("35.8"))),
            (2020, Some(d("37.17")), Some(d("36.3"))),
        ]);
        assert_eq!(
            alt,
            "I kommunen faldt den fra 37,8 procent i 2017 til 37,2 procent i 2020, og den var lavest i 2019 med 33,9 procent. \
             På landsplan steg den fra 34,0 procent i 2017 til 36,3 procent i 2020, og det hvert år. \
             I 2020 lå kommunen 0,9 procentpoint over landsplanen."
        );
        assert!(letter_share(&alt) >= 0.5, "{alt}");
    }

    #[test]
    fn a_missing_year_is_left_out_and_one_year_is_no_course() {
        let f = Figures {
            places: 1,
            unit: "procent",
        };
        assert_eq!(
            course(
                &[(2017, None), (2018, Some(d("10"))), (2019, Some(d("12")))],
                f,
                "den"
            )
            .unwrap()
            .after("Raten"),
            "Raten steg fra 10,0 procent i 2018 til 12,0 procent i 2019"
        );
        assert_eq!(
            course(&[(2017, None), (2018, Some(d("10")))], f, "den"),
            None
        );
        assert_eq!(
            course(
                &[(2017, Some(d("10.04"))), (2018, Some(d("10.0")))],
                f,
                "den"
            )
            .unwrap()
            .after("Raten"),
            "Raten var 10,0 procent både i 2017 og i 2018",
            "compared as printed"
        );
        assert_eq!(
            course(
                &[
                    (2017, Some(d("5"))),
                    (2018, Some(d("9"))),
                    (2019, Some(d("6")))
                ],
                f,
                "den"
            )
            .unwrap()
            .inverted("I kommunen", "den"),
            "I kommunen steg den fra 5,0 procent i 2017 til 6,0 procent i 2019, og den var højest i 2018 med 9,0 procent"
        );
    }

    #[test]
    fn every_chart_kind_reads_as_language() {
        let texts = [
            reduktionsplan(
                "1.000 kr.",
                &[2021, 2022, 2023, 2024],
                &[d("-2000.5"), d("-3000"), d("-4000"), d("-4500")],
                &[d("1800"), d("3000"), d("4200"), d("3100.25")],
                1,
            ),
            budget(
                "30. november 2021",
                "1.000 kr.",
                &[
                    ("Dagtilbud", d("250300"), d("251000")),
                    ("Skoler", d("412000"), d("409500")),
                    ("PPR", d("12000"), d("12000")),
                ],
                0,
            ),
            udgifter(
                "Hedensted Kommune",
                "mio. kr.",
                &[
                    (2018, d("274")),
                    (2019, d("280")),
                    (2020, d("287")),
                    (2021, d("295")),
                    (2022, d("301")),
                ],
                0,
                Some(2021),
            ),
        ];
        assert!(texts[1].starts_with("Søjlediagram over korrigeret budget og forventet regnskab for hvert område, 30. november 2021, i 1.000 kr. Dagtilbud"), "{}", texts[1]);
        for t in &texts {
            assert!(letter_share(t) >= 0.5, "{:.2}: {t}", letter_share(t));
        }
        assert!(
            texts[0].contains(
                "I 2021 er målet 2.000,5, og initiativerne giver 1.800,0, så der mangler 200,5."
            ),
            "{}",
            texts[0]
        );
        assert!(texts[1].contains("Dagtilbud har et korrigeret budget på 250.300 og et forventet regnskab på 251.000, altså et merforbrug på 700."), "{}", texts[1]);
        assert_eq!(
            texts[2],
            "For Hedensted Kommune steg udgifterne fra 274 mio. kr. i 2018 til 301 mio. kr. i 2022, og det hvert år. Fra 2021 er tallene budget, før det regnskab."
        );
    }
}
