//! End to end: every bundled case rendered by the binary; the PDFs' text carries the seed's headings and sentences in order.

use crate::common::{body_text, rendered_cases};

const NOTES: [&str; 2] = [
    "Notat_Oekonomisk_genopretning_af_myndighedsomraaderne.pdf",
    "Notat_Oekonomisk_status_paa_omraadet_for_voksne_med_handicap.pdf",
];

/// The external bilag, copied next to their items under the convention.
const BILAG: [&str; 4] = [
    "Punkt_097_Bilag_1_Midtvejsevaluering_aabne_anonyme_raadgivningssamtaler_til_unge_mellem_1325_aar.pdf",
    "Punkt_099_Bilag_1_Forslag_til_retningslinjer_for_anvisning_af_plads.pdf",
    "Punkt_100_Bilag_1_Rekrutteringsstrategidocx.pdf",
    "Punkt_101_Bilag_1_Maanedsopfoelgning_Oktober_2021__.pdf",
];

/// The bilag item 96 lists without a file: made from its omgørelser history.
const GENERATED_BILAG: &str = "Punkt_096_Bilag_1_Tal_for_omgoerelsesprocenter_20162020pdf.pdf";

#[test]
fn a_bilag_without_a_file_is_made_from_the_items_figures() {
    check(
        GENERATED_BILAG,
        &[
            "Tal for omgørelsesprocenter 2016-2020.pdf",
            "Bilag 1 til punkt 96: Omgørelsesprocenter 2020 på det sociale område",
            "29. november 2021",
            "Tabel 1: Omgørelsesprocent 2017–2020",
            "Omgørelsesprocent",
            "2017",
            "2018",
            "2019",
            "2020",
            "Det sociale område",
            "37,8",
            "36,5",
            "33,9",
            "37,2",
            "landsplan",
            "34,0",
            "35,1",
            "35,8",
            "36,3",
            "Voksenhandicap",
            "35,3",
            "33,3",
            "37,5",
            "28,6",
            "Figur 1: Omgørelsesprocent, Det sociale område",
        ],
    );
}

#[test]
fn bilag_are_written_as_pdf_a_under_the_convention() {
    let (_, pdfs) = rendered_cases();
    let source = crate::common::repo().join("cases/udvalget-for-laering/2021-11-29/bilag");
    let written = |name: &str| {
        pdfs.get(name)
            .unwrap_or_else(|| panic!("{name} was not written"))
    };
    // PDF/A + PDF/UA as received: copied unchanged.
    for (name, file) in [
        (BILAG[1], "punkt-099-bilag-1.pdf"),
        (BILAG[3], "punkt-101-bilag-1.pdf"),
    ] {
        assert!(
            *written(name) == std::fs::read(source.join(file)).unwrap(),
            "{name} differs from {file}"
        );
    }
    // A scan (item 97) and a Word file (item 100): made PDF/A, text and all.
    for (name, sentence) in [
        (
            BILAG[0],
            "Ungesamtalerne har i perioden ikke haft venteliste",
        ),
        (
            BILAG[2],
            "Strategien beskriver, hvordan kommunen tiltrækker",
        ),
    ] {
        let text = crate::common::pages_text(written(name)).concat();
        let squash = crate::common::squash;
        assert!(squash(&text).contains(&squash(sentence)), "{name}: {text}");
    }
}

const ITEMS: [&str; 9] = [
    "Punkt_096_Omgoerelsesprocenter_2020.pdf",
    "Punkt_097_Fremadrettede_organisering_af_ungesamtaler_for_1325aarige.pdf",
    "Punkt_098_Status_paa_Faelles_om_boern_i_dagtilbud.pdf",
    "Punkt_099_Visitationsregler_for_anvisning_af_pladser_i_dagpleje_vuggestue_og_boernehave.pdf",
    "Punkt_100_Anmodning_fra_Venstre_om_droeftelse_af_Rekrutteringsstrategi.pdf",
    "Punkt_101_Maanedsopfoelgning_Oktober_2021.pdf",
    "Punkt_102_Status_paa_oekonomisk_genopretning_af_myndighedsomraaderne.pdf",
    "Punkt_103_Til_orientering.pdf",
    "Punkt_104_Godkendelse_af_referat.pdf",
];

/// The invented example meeting (`cases/eksempeludvalget/`), which shows
/// the keys of the minutes the seed has no example of.
const INVENTED_MEETING: [&str; 6] = [
    "Punkt_001_Godkendelse_af_dagsorden.pdf",
    "Punkt_002_Anlaegsbevilling_til_renovering_af_legepladser.pdf",
    "Punkt_003_Status_paa_reduktionsplan_for_dagtilbud.pdf",
    "Punkt_004_Budgetopfoelgning_pr_30_november_2021.pdf",
    "Punkt_005_Personalesag.pdf",
    "Referat_Eksempeludvalget_2022-01-10.pdf",
];

fn text_of(name: &str) -> String {
    let (output, pdfs) = rendered_cases();
    let pdf = pdfs.get(name).unwrap_or_else(|| {
        panic!(
            "{name} was not written; written: {:?}\nstderr:\n{}",
            pdfs.keys().collect::<Vec<_>>(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    body_text(pdf)
}

fn check(name: &str, needles: &[&str]) {
    crate::common::assert_in_order(name, &text_of(name), needles);
}

#[test]
fn every_item_is_written_under_the_convention_and_nothing_else() {
    let (output, pdfs) = rendered_cases();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let names: Vec<&str> = pdfs.keys().map(String::as_str).collect();
    let expected: Vec<&str> = NOTES
        .iter()
        .chain(&ITEMS)
        .copied()
        .chain(["Referat_Udvalget_for_Laering_2021-11-29.pdf"])
        .chain(BILAG)
        .chain([GENERATED_BILAG])
        .chain(INVENTED_MEETING)
        .collect();
    let mut expected = expected;
    expected.sort();
    assert_eq!(names, expected);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("18 documents written, 0 failed"),
        "{stderr}"
    );
}

#[test]
fn item_96() {
    check(
        ITEMS[0],
        &[
            "00.00.00-I02-1-21",
            "96. Omgørelsesprocenter 2020 på det sociale område",
            "Beslutningstema",
            "Byrådet skal drøfte og tage stilling til omgørelsesprocenterne for 2020 for det Sociale område herunder Børnehandicap i Læring.",
            "Økonomi",
            "Ingen umiddelbare bemærkninger",
            "Historik",
            "Det sociale område og Voksenhandicap ligger i Social Omsorg.",
            "Sagsfremstilling",
            "Folketinget har den 29. maj 2018 vedtaget en lovændring af lov om retssikkerhed og administration på det sociale område.",
            "Det sociale område",
            "Afgørelser 113. Omgørelser 37% (42). Ændringer 8% (9). Hjemvisninger 29% (33).",
            "På landsplan er omgørelsesprocenten 36,3%.",
            "\"Det kan oplyses at Hedensted Kommunes Voksenområde har haft ialt 4713 registrerede henvendelser",
            "Børnehandicap",
            "Afgørelser 23. Omgørelser 43% (10). Ændringer 9% (2). Hjemvisninger 35% (8).",
            "På landsplan er omgørelsesprocenten 52%.",
            "Børnehandicap har i 2020 truffet 366 afgørelser",
            "Voksenhandicap",
            "Afgørelser 14. Omgørelser 29% (4). Ændringer 7% (1). Hjemvisninger 21% (3).",
            "På landsplan er omgørelsesprocenten 42,4%.",
            "Hedensted Kommune har i løbet af 2020 haft 96 registrerede henvendelser",
            // The table of kommune against landsplan, row by row, under its caption.
            "Tabel 1: Omgørelser 2020: kommunen og landsplan (procent)",
            "Område",
            "Afgørelser",
            "Omgørelser",
            "Ændringer",
            "Hjemvisninger",
            "Landsplan",
            "Det sociale område",
            "113",
            "42",
            "9",
            "33",
            "37,2",
            "36,3",
            "Børnehandicap",
            "23",
            "10",
            "2",
            "8",
            "43,5",
            "52,0",
            "Voksenhandicap",
            "14",
            "4",
            "1",
            "3",
            "28,6",
            "42,4",
            // The table and charts over the years.
            "Tabel 2: Omgørelsesprocent 2017–2020",
            "Omgørelsesprocent",
            "2017",
            "2018",
            "2019",
            "2020",
            "Det sociale område",
            "37,8",
            "36,5",
            "33,9",
            "37,2",
            "landsplan",
            "34,0",
            "35,1",
            "35,8",
            "36,3",
            "Figur 1: Omgørelsesprocent, Det sociale område",
            "Figur 2: Omgørelsesprocent, Børnehandicap",
            "Figur 3: Omgørelsesprocent, Voksenhandicap",
            "Kommunikation",
            "Hjemvisning betyder: Hvis der for eksempel mangler væsentlige oplysninger i en sag",
            "Ændring: Styrelsen er helt eller delvist uenig i afgørelsen og ændrer/ophæver denne",
            "Lovgrundlag",
            "Retssikkerhedslovens § 79b",
            "behandler kommunalbestyrelsen Danmarkskortet på et møde.\"",
            "Retssikkerhedslovens § 84a.",
            "Administrationen indstiller,",
            "at der sker en drøftelse af omgørelsesprocenterne for det sociale område herunder voksenhandicap og Børnehandicap.",
            "Beslutning",
            "Sagen er drøftet.",
            "Bilag",
            "Tal for omgørelsesprocenter 2016-2020.pdf",
        ],
    );
}

#[test]
fn item_97_with_its_list_and_table() {
    check(
        ITEMS[1],
        &[
            "17.03.04-A00-1-20",
            "97. Fremadrettede organisering af ungesamtaler for 13-25årige",
            "Beslutningstema",
            "Der ønskes en drøftelse og stillingstagen til den fremadrettede organiseringen af ungesamtaler for 13-25årige.",
            "Økonomi",
            "Der er jf. budgetforliget tildelt 1 mio. kr. årligt fra 2022",
            "PPR har siden januar 2017 haft en bevillingsramme på op til 200.000 til gratis psykologsamtaler.",
            "Historik",
            "På møde i Udvalg for Læring d. 9.8.2021 blev følgende besluttet",
            "Sagsfremstilling",
            "Midvejsevalueringen i juli 2021 (se bilag) viste",
            "1. Kommunal intern organisering ved PPR",
            "2. Eksterne leverandører",
            "3. Etablering af chatfunktion",
            "Fordeling af økonomi og ydelser i ny organisering:",
            "Økonomi",
            "Ydelse pr. år",
            "Kommunal intern organisering ved PPR",
            "650.000 kr.",
            "200 forløb (svarende til 1.000 samtaler)",
            "Eksterne leverandører",
            "500.000 kr.",
            "Etablering af chatfunktion",
            "50.000 kr.",
            "Anonym chat online",
            "*Det skal etableres en koordinerende funktion",
            "Beskrivelse af tilbuddene",
            "Billigere pr. samtale",
            "Det foreslås, at der indgås aftale med tre eksterne leverandører",
            "Evaluering af ny organisering",
            "Administrationen indstiller,",
            "at rammen fremadretter er 1,2 mio. med fordeling imellem intern og ekstern som beskrevet.",
            "at der foretages evaluering 2. kvartal 2023",
            "at der etableres samarbejde med tre eksterne leverandører, geografisk placeret i kommunen",
            "Beslutning",
            "Indstilling godkendt",
            "Bilag",
            "Midtvejsevaluering åbne anonyme rådgivningssamtaler til unge mellem 13-25 år",
        ],
    );
}

#[test]
fn item_98() {
    check(
        ITEMS[2],
        &[
            "28.00.00-A00-3-21",
            "98. Status på ’Fælles om børn i dagtilbud’",
            "Beslutningstema",
            "Økonomi",
            "Der er afsat 100.000 kr. fra puljen til styrkelse af dagplejen",
            "Historik",
            "Udvalget for Læring godkendte 5.12.2018 afprøvning af en ændret ledelsesstruktur",
            "Få dagplejere (1- 2 dagplejere i området)",
            "Fysisk kapacitet i institutionen til at rumme gæstepasningen",
            "Sagsfremstilling",
            "Daugård har ikke haft en dagplejer ansat i 2021",
            "Kommunikation",
            "Ledelsen i Glud og Dagplejen orienteres om beslutningen.",
            "Administrationen indstiller,",
            "at afprøvningen fortsætter i Glud i 2022",
            "at de afsatte midler fortsætter i 2022",
            "Beslutning",
            "Indstilling godkendt",
        ],
    );
}

#[test]
fn item_99() {
    check(
        ITEMS[3],
        &[
            "28.09.40-G01-44-21",
            "99. Visitationsregler for anvisning af pladser i dagpleje, vuggestue og børnehave",
            "Beslutningstema",
            "Historik",
            "Udvalget for Læring godkendte på møde d. 5. marts 2018",
            "Sagsfremstilling",
            "Visitation af pladser i dagtilbud er i dag baseret på anciennitetsprincippet",
            "Anvisning af pladser i dagpleje, vuggestue og børnehave (Dagtilbudslovens § 27)",
            "Gældende prioritering",
            "Foreslået prioritering",
            "Lokalområdefortrin (ny)",
            "(flyttet fra nr. 2)",
            "Ikrafttræden: 1. januar 2022. Evaluering: efteråret 2022.",
            "Det er en fordel for:",
            "Forældre, der bor centralt i skoledistrikt, som ønsker en plads tæt på deres bopæl.",
            "Det er ikke en fordel for:",
            "Forældre, der bor tæt på distriktsgrænsen og ønsker en plads i nabodistriktet.",
            "Kommunikation",
            "Lovgrundlag",
            "Dagtilbudslovens § 27",
            "Administrationen indstiller,",
            "at Udvalget for Læring godkender vedlagte retningslinjer",
            "at lokalområdefortrin evalueres i efteråret 2022",
            "Beslutning",
            "Indstilling godkendt med den rettelse",
            "Bilag",
            "Forslag til retningslinjer for anvisning af plads",
        ],
    );
}

#[test]
fn item_100_with_the_quote_and_the_absences() {
    check(
        ITEMS[4],
        &[
            "00.00.00-P22-2-21",
            "100. Anmodning fra Venstre om drøftelse af Rekrutteringsstrategi.",
            "Beslutningstema",
            "Sagsfremstilling",
            "Hedensted Kommune har søndag den 8. August 2021 modtaget en mail fra byrådsmedlem Merete Skovgaard Jensen",
            "\"Sag fra Venstres byrådsgruppe til byrådets dagsorden den 25/8 2021:",
            "Rekrutteringsstrategi for Hedensted kommune",
            "Sommerferien 2021 er blevet et eksempel på de store udfordringer",
            "personale i Hedensted kommune fremover.",
            "Venstre indstiller; 25. august 2021, pkt. 145:",
            "at punktet vedrørende rekrutteringsstrategi oversendes til behandling i relevante fagudvalg og i Økonomiudvalget.",
            "Beslutning fra Byrådet 2018-2021, 25. august 2021, pkt. 145:",
            "Godkendt.",
            "Fraværende: Henrik Alleslev (A), Gitte Andersen (V), Hans Kristian Skibby (O)",
            "Ole Ødmann deltog som suppleant for Gitte Andersen (V)",
            "Jesper Flensted deltog som suppleant for Hans Kristian Skibby (O)",
            "Lovgrundlag",
            "Byrådets forretningsorden § 3;",
            "Administrationen indstiller,",
            "at punktet drøftes.",
            "Beslutning",
            "Punktet er drøftet.",
            "Bilag",
            "Rekrutteringsstrategi.docx",
        ],
    );
}

#[test]
fn items_101_to_104() {
    check(
        ITEMS[5],
        &[
            "00.30.14-S00-7-20",
            "101. Månedsopfølgning Oktober 2021",
            "Beslutningstema",
            "Orientering om hvordan forbruget forventes at holde i forhold til det korrigerede budget Oktober måned 2021.",
            "Beslutning",
            "Orientering taget til efterretning.",
            "Bilag",
            "Månedsopfølgning Oktober 2021 _",
        ],
    );
    check(
        ITEMS[6],
        &[
            "27.00.00-A00-19-20",
            "102. Status på økonomisk genopretning af myndighedsområderne",
            "Beslutningstema",
            "Økonomi",
            "Fremgår af sagsfremstillingen",
            "Sagsfremstilling",
            "I aftalen for Budget 2021-2024 indgår:",
            "Analyse af udgiftsudviklingen",
            "Indsatser vedr. børn og unge",
            "udgiftsreduktion på 1,322 mio. kr. i 2021",
            "Kontraktgrundlag",
            "Udekørende funktioner",
            "Takstgruppen",
            "Administrationen indstiller,",
            "at Udvalget tager redegørelsen til efterretning, og",
            "at Udvalgets andel af sparekravet fra og med 2022 svarer til budgetaftalens udgiftsreduktion.",
            "Beslutning",
            "Udvalget tager redegørelsen og kommende andel af sparekravet til efterretning.",
        ],
    );
    check(
        ITEMS[7],
        &[
            "00.22.04-A00-1-21",
            "103. Til orientering",
            "Beslutningstema",
            "Til orientering",
            "udmøntning af budget 2022",
            "Beslutning",
            "Orientering taget til efterretning.",
        ],
    );
    check(
        ITEMS[8],
        &[
            "00.22.04-A00-1-21",
            "104. Godkendelse af referat",
            "Beslutningstema",
            "Referatet godkendes digitalt.",
            "Beslutning",
            "Godkendt.",
        ],
    );
}

#[test]
fn sections_the_seed_leaves_out_are_left_out() {
    let text = crate::common::squash(&text_of(ITEMS[5]));
    for absent in [
        "Økonomi",
        "Historik",
        "Sagsfremstilling",
        "Kommunikation",
        "Lovgrundlag",
        "indstiller",
    ] {
        assert!(
            !text.contains(absent),
            "item 101 has no `{absent}` section, yet it is printed"
        );
    }
}

#[test]
fn the_status_memo_of_april_2021_with_its_plan() {
    check(
        NOTES[0],
        &[
            "Økonomisk genopretning af myndighedsområderne",
            "Beskrivelse af initiativer – status april 2021",
            "15. april 2021",
            "Nedenfor gives en afrapportering af status på de p.t. igangsatte initiativer",
            "Analyse af udgiftsudviklingen",
            "Team Dyre familier",
            "Omlægning af STU for unge med særlige behov.",
            "mulig udgiftsreduktion i 2021 på 407.000 kr.",
            "Kontraktgrundlag",
            "Udekørende funktioner",
            "Øvrige initiativer",
            "Takstgruppe",
            "Økonomioversigt",
            "(1.000 kr.)",
            "2021",
            "2022",
            "2023",
            "2024",
            "Reduktionsmål i budgetaftale",
            "-2.000",
            "-3.000",
            "-5.000",
            "-7.000",
            "Analyse af udgiftsudviklingen",
            "-",
            "-",
            "-",
            "-",
            "Foranstaltninger vedr. unge",
            "-977",
            "-1.257",
            "-1.257",
            "-1.257",
            "Forventet, men p.t. ufordelt",
            "-1.023",
            "-1.023",
            "-1.023",
            "-1.023",
            "Netto-udestående",
            "0",
            "-720",
            "-2.720",
            "-4.720",
            "Figur 1: Reduktionsmål og initiativernes bidrag",
        ],
    );
}

#[test]
fn the_finance_note_of_june_2022() {
    let before = [
        "Økonomisk status på området for voksne med handicap",
        "20. juni 2022",
        "Formål",
        "Baggrund",
        "Økonomisk status",
        "forventes et underskud på 20,9 mio. kr.",
        "Statsrefusion for Særligt dyre enkeltsager på 9,6 mio. kr.",
        "nettounderskuddet forventes at udgøres 11,3 mio. kr.",
    ];
    // The budget follow-up, read from data/budgetopfoelgning-2022-q2.xlsx.
    let table = crate::common::FINANCE_TABLE;
    let after = [
        "Kilde: budgetopfoelgning-2022-q2.xlsx, ark Opfølgning.",
        "Figur 1: Korrigeret budget og forventet regnskab, 2. kvartal 2022",
        // The expenditure 2018-2022 (Diagram 1-2 of the seed).
        "Landdækkende pres på udgiftsniveauet",
        "Udgifterne er steget fra 274 mio. kr. i 2018 til 301 mio. kr. i 2022, en stigning på 27 mio. kr. eller 10%.",
        "Hele landet: udgifterne er steget fra 20,8 mia. kr. i 2018 til 22,5 mia. kr. i 2022, en stigning på 1,7 mia. kr. eller 8%.",
        "Tabel 2: Udgiftsudvikling 2018–2022",
        "2018",
        "2022",
        "Ændring",
        "Ændring i %",
        "Art",
        "Regnskab",
        "Budget",
        "Hedensted Kommune (mio. kr.)",
        "274",
        "301",
        "27",
        "9,9",
        "Hele landet (mia. kr.)",
        "20,8",
        "22,5",
        "1,7",
        "8,2",
        "2021 og 2022 er budgettal, 2018, 2019 og 2020 regnskabstal.",
        "Figur 2: Hedensted Kommune, 2018–2022 (mio. kr.)",
        "Figur 3: Hele landet, 2018–2022 (mia. kr.)",
        // The key figure per 18-64-year-old (Diagram 3).
        "Udgifter pr. 18-64-årig",
        "I 2020 var kommunens udgifter pr. 18-64-årig 10.702 kr. mod et landsgennemsnit på 9.405 kr.: 1.297 kr. mere, svarende til 12% af kommunens niveau.",
        "Samme niveau som landsgennemsnittet svarer til en reduktion i udgifterne på 35,0 mio. kr. eller 12%.",
        "Tabel 3: Udgifter pr. 18-64-årig, 2020: kommunen og landsgennemsnittet",
        "Hedensted Kommune",
        "10.702 kr.",
        "Landsgennemsnit",
        "9.405 kr.",
        "Forskel",
        "1.297 kr.",
        "Forskel i % af kommunens niveau",
        "12,1",
        "Antal",
        "26.985",
        "Forskel i alt",
        "35,0 mio. kr.",
    ];
    let needles: Vec<&str> = before.iter().chain(table).chain(&after).copied().collect();
    check(NOTES[1], &needles);
}
