"""Demo step: an approved report for the 0-meting of Gemeente Voorbeeld.

The texts echo the conclusions of seed 004 (notes 004 §6): per dimension and theme a
graded verdict in the report's own language ("in beperkte mate", "op onderdelen",
"nihil"), the summary answers the main question, the research questions are answered as
§11.1-§11.4 do, and the own recommendations follow §11.5 in their themes. The coordinator
offers it, the gemeentesecretaris approves it. Only the snapshot is made here; PDF, DOCX
and HTML are rendered (and kept) on the first download.
"""

from __future__ import annotations

from weerbaar.core.demo import DemoContext, demo_step

from .approval import approve, submit
from .services import DraftInput, get_or_create_report, save_draft

SUMMARY = """\
Gemeente Voorbeeld lijkt zicht te hebben op ondermijnende criminaliteit, maar is in beperkte \
mate weerbaar tegen pogingen van criminele ondermijning die op de eigen organisatie zijn \
gericht. Er is in beperkte mate bewustzijn van de maatschappelijke risico's van ondermijning.

Er is geen actueel vastgesteld beleid ter bestrijding van ondermijnende criminaliteit. De \
uitvoering is, voor zover dat in deze scan kan worden vastgesteld, op onderdelen effectief. \
Beleid en uitvoering zijn in hun huidige vorm niet toekomstbestendig, en de rol van de \
gemeenteraad is vrijwel nihil."""

CONCLUSIONS = """\
Een weerbare organisatie is zich bewust van haar (potentiële) kwetsbaarheden, herkent en \
verwerkt signalen die kunnen duiden op ondermijning en biedt weerstand aan \
ondermijningspogingen. Gemeente Voorbeeld staat daarin aan het begin.

De bestuurlijke aanpak van georganiseerde criminaliteit krijgt al langer aandacht, onder meer \
via het RIEC-casusoverleg. De weerbaarheid van de eigen organisatie is een relatief nieuw \
terrein: de aandacht voor ondermijning is nog geen vast onderdeel van de kwetsbare \
werkprocessen, er is geen beleid voor kwetsbare functies en screening, en maatregelen die op \
papier bestaan worden in de praktijk niet altijd consequent toegepast.

Aandachtspunten voor de komende periode zijn (1) meer bewustzijn, (2) meer aandacht voor \
risico's binnen de kwetsbare processen en de borging daarvan, en (3) een sterkere \
persoonlijke weerbaarheid van medewerkers en raadsleden."""

SECTIONS = {
    "D1": (
        "beperkt",
        "Er is basaal bewustzijn van ondermijning, maar de informatiepositie is zwak en "
        "kwetsbaar en niet alle medewerkers kunnen signalen herkennen.",
        "Het ondermijningsbeeld van de regio is niet actueel gehouden. Medewerkers die "
        "signalen verwachten, weten lang niet allemaal waar zij ermee terechtkunnen; hun "
        "eigen bewustzijn schatten zij hoger in dan dat van de organisatie als geheel.",
    ),
    "D2": (
        "beperkt",
        "Bestuurlijk is er notie en besef van het belang, maar dat is weinig tot niet "
        "doorvertaald in de organisatie; integraal beleid ontbreekt.",
        "Ondermijning en weerbaarheid zijn in het collegeprogramma genoemd, maar er is geen "
        "actueel veiligheidsbeleid waarin ondermijning is opgenomen. Het Bibob-beleid is pas "
        "recent vastgesteld.",
    ),
    "D3": (
        "beperkt",
        "Werkprocessen zijn deels beschreven; de verankering is kwetsbaar door beperkte "
        "OOV-capaciteit, en beleid voor kwetsbare functies en screening ontbreekt.",
        "Een aantal kwetsbare processen ligt bij eenpitters met eigen beslisbevoegdheid. "
        "Collegiale toetsing, het vier-ogenprincipe en functiescheiding ontbreken in een "
        "aantal gevallen. Niet alle medewerkers in kwetsbare functies hebben een VOG "
        "overlegd, en bij functiewijziging wordt geen nieuwe VOG gevraagd.",
    ),
    "D4": (
        "op_onderdelen",
        "Een ruime meerderheid vindt dat integriteitsregels strikt moeten worden toegepast, "
        "maar een cultuur van elkaar aanspreken ontbreekt grotendeels.",
        "Voor zover medewerkers zich erover uitspreken, vindt ongeveer de helft tot twee derde "
        "dat bestuur en management integriteit actief uitdragen en het goede voorbeeld geven. "
        "Opvallend is het verschil tussen de hoge bereidheid om te melden en de lage score "
        "voor elkaar aanspreken.",
    ),
    "D5": (
        "op_onderdelen",
        "De meldingsbereidheid is hoog, maar er is geen vastgelegd protocol voor het handelen "
        "bij signalen van ondermijning.",
        "Een klein deel van de medewerkers heeft de afgelopen drie jaar onaanvaardbare druk "
        "van burgers of ondernemers ervaren. In de praktijk weten medewerkers dat zij bij de "
        "OOV-adviseur terechtkunnen; dat is niet vastgelegd.",
    ),
    "T1": (
        "onvoldoende",
        "De rol van de gemeenteraad is vrijwel nihil: ondermijning is geen periodiek onderwerp "
        "en raadsleden voelen zich onvoldoende geholpen en geïnformeerd.",
        "Enkele raadsleden hebben met onaanvaardbare beïnvloeding te maken gehad. De raad "
        "speelt geen rol bij het maken van beleid over ondermijning. Raadsleden schatten hun "
        "eigen weerbaarheid hoog in, die van de raad als geheel lager.",
    ),
    "T2": (
        "op_onderdelen",
        "De bestuurlijke aanpak is via het RIEC-casusoverleg op onderdelen effectief, maar "
        "beleid ontbreekt en de capaciteit is beperkt: niet toekomstbestendig.",
        "De samenwerking met de RIEC-partners wordt als positief ervaren, maar er is nog veel "
        "terrein te winnen. Integrale controles, zoals elders in de regio, vinden nog niet "
        "plaats.",
    ),
}

OWN_RECOMMENDATIONS = [
    "Formuleer beleid op zowel het gebied van de (bestuurlijke) aanpak van georganiseerde "
    "criminaliteit binnen de gemeentegrenzen als het versterken van de weerbaarheid van de "
    "organisatie. Ga uit van een integrale benadering met een gedeelde verantwoordelijkheid "
    "voor alle afdelingen.",
    "Zet in op bewustwording van medewerkers van de risico's van ondermijning, bijvoorbeeld "
    "door het thema periodiek onder de aandacht te brengen, en maak ondermijning onderdeel "
    "van de introductie voor nieuwe medewerkers voorafgaand aan de eed of belofte.",
    "Vergroot de capaciteit voor taken op het gebied van openbare orde en veiligheid (OOV) om "
    "beleid en uitvoering toekomstbestendig te maken en te houden.",
    "Maak van ondermijning een thema dat periodiek bij raadsleden onder de aandacht wordt "
    "gebracht, zowel voor de kaderstellende en controlerende rol van de raad als voor de "
    "persoonlijke weerbaarheid van raadsleden.",
]


# The main question answered per part (seed 004 §11.1) and a few sub-questions (§11.2-§11.4).
PART_ANSWERS = {
    "zicht": (
        "op_onderdelen",
        "De gemeente lijkt zicht te hebben op ondermijnende criminaliteit; het "
        "ondermijningsbeeld is niet actueel.",
    ),
    "weerbaar": (
        "beperkt",
        "De gemeente is in beperkte mate weerbaar tegen pogingen van criminele ondermijning "
        "gericht tegen de eigen organisatie.",
    ),
    "bewustzijn": (
        "beperkt",
        "Er is in beperkte mate bewustzijn over de maatschappelijke risico's van ondermijning.",
    ),
    "beleid": (
        "onvoldoende",
        "Er is geen actueel vastgesteld beleid ter bestrijding van ondermijnende criminaliteit.",
    ),
    "uitvoering": (
        "op_onderdelen",
        "De uitvoering is, voor zover dat kan worden vastgesteld, op onderdelen effectief.",
    ),
    "toekomst": (
        "onvoldoende",
        "Beleid en uitvoering zijn in hun huidige vorm niet toekomstbestendig.",
    ),
    "raad": ("onvoldoende", "De rol van de gemeenteraad is vrijwel nihil."),
}
RESEARCH = {
    "parts": {
        part: {"verdict_level": level, "answer": answer}
        for part, (level, answer) in PART_ANSWERS.items()
    },
    "sub_questions": {
        "dv1": "Er zijn geen specifieke beleidsdoelen op het vlak van ondermijning.",
        "dv6": "De raad speelt geen rol bij de totstandkoming van beleid over ondermijning.",
        "dv10": "De eigen informatiepositie is zwak en kwetsbaar.",
        "dv19": "Nee: beleid ontbreekt en capaciteit en middelen zijn beperkt.",
    },
    "recommendation_themes": {
        "own:1": "beleid",
        "own:3": "toekomstbestendigheid",
        "own:4": "beleid",
    },
}


def demo_draft(scan) -> DraftInput:
    known = {d["id"] for d in scan.framework.dimensions_and_themes}
    return DraftInput(
        title=f"Weerbaarheid tegen ondermijning — {scan.organisation.name}",
        subtitle=f"{scan.title}: eindrapportage",
        place_date=f"{scan.organisation.name}, {scan.period_end.year + 1}",
        summary=SUMMARY,
        conclusions=CONCLUSIONS,
        sections={
            cid: {"verdict_level": level, "verdict": verdict, "findings": findings}
            for cid, (level, verdict, findings) in SECTIONS.items()
            if cid in known
        },
        own_recommendations=OWN_RECOMMENDATIONS,
        structure=RESEARCH,
    )


@demo_step(order=70)
def build_reports(ctx: DemoContext) -> None:
    scan = ctx.objects["scan_baseline"]
    coordinator = ctx.objects["user_coordinator"]
    report = get_or_create_report(scan, coordinator)
    report = save_draft(report, demo_draft(scan), revision=report.revision, user=coordinator)
    version = submit(report, coordinator, revision=report.revision, gaps_seen=True)
    approve(version, ctx.objects["user_secretaris"], store_files=False)
    ctx.objects["report"] = report
    ctx.objects["report_version"] = version
