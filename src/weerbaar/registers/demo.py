"""Demo step: the registers of Gemeente Voorbeeld's 0-meting.

The findings follow the pattern of seed 004 (§5.2 and §5.4): segregation of duties works in
the financial processes and at the counter, four-eyes is agreed for permits but not applied,
inspectors do not rotate, the Wmo invoices are paid by one budget holder alone, and a VOG or
VOG P is not consistently asked for (not for hires, not on a change of function).
"""

from __future__ import annotations

from weerbaar.core.demo import DemoContext, demo_step

from .models import FunctionEntry, ProcessEntry
from .services import ControlInput, CriterionInput, save_function_entry, save_process_entry

VTH = "Vergunningen, Toezicht en Handhaving"

# (library id, department, described, discretion, money size, external parties,
#  {criterion: (score, rationale)}, [(control type, state, description)])
PROCESSES = [
    (
        "PR-financiele-transacties",
        "Financiën en Inkoop",
        "yes",
        "none",
        "large",
        "Bank, leveranciers",
        {
            "VC1": (1, "Weinig individueel belang van derden bij de betaling zelf."),
            "VC2": (0, "Geen nauwe samenwerking met externen."),
            "VC3": (1, "Betalingen aan veel leveranciers."),
            "VC4": (0, "Geen direct klantcontact."),
            "VC5": (3, "Alle uitgaande betalingen lopen via dit proces."),
            "VC6": (1, "Bankgegevens van leveranciers."),
            "VC7": (2, "Zonder betalingen stokt de dienstverlening."),
            "VC8": (1, "Betalen gebeurt in een klein team."),
        },
        [
            (
                "segregation_of_duties",
                "in_practice",
                "Aangaan van verplichtingen en betalen zijn gescheiden.",
            ),
            ("two_signatures", "in_practice", "Betaalbatch wordt door twee personen geaccordeerd."),
            ("authorisations", "in_practice", "Alleen de financiële administratie kan betalen."),
        ],
    ),
    (
        "PR-aanbestedingen-inkoop",
        "Financiën en Inkoop",
        "partly",
        "limited",
        "large",
        "Leveranciers, aannemers, regionaal inkoopbureau",
        {
            "VC1": (2, "Opdrachten zijn voor lokale bedrijven van groot belang."),
            "VC2": (2, "Vaste lokale leveranciers; men kent elkaar."),
            "VC3": (3, "Veel kleine, onderhands verstrekte opdrachten."),
            "VC4": (1, "Contact met leveranciers loopt via budgethouders."),
            "VC5": (3, "Grote bedragen, vooral in het sociaal domein."),
            "VC6": (1, "Offertes en begrotingen zijn vertrouwelijk."),
            "VC7": (1, "Beperkte invloed op de continuïteit."),
            "VC8": (
                2,
                "Budgethouders beslissen zelfstandig binnen het gecoördineerde inkoopmodel.",
            ),
        },
        [
            ("policy", "on_paper", "Inkoop- en aanbestedingsbeleid met algemene uitgangspunten."),
            (
                "segregation_of_duties",
                "on_paper",
                "Inkoopadviseur toetst boven de drempel; daaronder niet.",
            ),
            ("four_eyes", "absent", "Geen tweede beoordelaar bij onderhandse opdrachten."),
            ("bibob_check", "absent", "Bibob wordt bij overheidsopdrachten niet toegepast."),
        ],
    ),
    (
        "PR-subsidieverlening",
        "Sociaal Domein",
        "yes",
        "large",
        "medium",
        "Verenigingen, stichtingen, ondernemers",
        {
            "VC1": (3, "Aanvragers hebben direct belang bij toekenning."),
            "VC2": (2, "Nauwe banden met het lokale verenigingsleven."),
            "VC3": (0, "Geen opdrachtverstrekking."),
            "VC4": (2, "Beleidsmedewerker heeft direct contact met aanvragers."),
            "VC5": (2, "Jaarlijks enkele tonnen aan subsidies."),
            "VC6": (1, "Gegevens van aanvragers."),
            "VC7": (0, "Geen kritieke dienstverlening."),
            "VC8": (1, "Beschikking door beleidsmedewerker, getekend door afdelingshoofd."),
        },
        [
            (
                "segregation_of_duties",
                "in_practice",
                "Beleidsmedewerker stelt op, afdelingshoofd tekent.",
            ),
            (
                "two_signatures",
                "in_practice",
                "Comptabele doet naam/nummercontrole, kassier maakt over.",
            ),
            ("bibob_check", "absent", "Bibob-beleid nog niet toegepast op subsidies."),
        ],
    ),
    (
        "PR-reisdocumenten",
        "Publiekszaken",
        "yes",
        "none",
        "cash",
        "Inwoners, RvIG",
        {
            "VC1": (2, "Een reisdocument is voor een aanvrager van groot belang."),
            "VC2": (0, "Geen nauwe externe samenwerking."),
            "VC3": (0, "Geen opdrachtverstrekking."),
            "VC4": (3, "Baliecontact met iedere aanvrager."),
            "VC5": (1, "Leges worden deels contant betaald."),
            "VC6": (3, "Toegang tot identiteitsgegevens."),
            "VC7": (1, "Storing raakt de publieke dienstverlening."),
            "VC8": (1, "Werk aan de balie is individueel, maar technisch gescheiden."),
        },
        [
            (
                "segregation_of_duties",
                "effective",
                "Inname en uitreiking kunnen technisch niet door dezelfde medewerker.",
            ),
            ("cash_procedures", "in_practice", "Strikte procedures en periodieke kascontroles."),
            ("authorisations", "in_practice", "Autorisaties per functie."),
            ("training", "absent", "Geen training in het herkennen van signalen."),
        ],
    ),
    (
        "PR-brp",
        "Publiekszaken",
        "yes",
        "limited",
        "",
        "Inwoners, woningcorporaties, politie",
        {
            "VC1": (2, "Een inschrijving geeft toegang tot uitkeringen en toeslagen."),
            "VC2": (1, "Informatie-uitwisseling met partners."),
            "VC3": (0, "Geen opdrachtverstrekking."),
            "VC4": (3, "Adreswijzigingen aan de balie en online."),
            "VC5": (0, "Geen geldstromen."),
            "VC6": (3, "Volledige toegang tot de basisregistratie personen."),
            "VC7": (2, "De BRP is bron voor veel andere processen."),
            "VC8": (2, "Mutaties worden door één medewerker verwerkt."),
        },
        [
            ("authorisations", "in_practice", "Autorisaties per functie."),
            ("four_eyes", "on_paper", "Adresonderzoek bij twijfel afgesproken, niet structureel."),
            ("privacy_rules", "on_paper", "De 10 gouden regels AVG."),
            ("training", "absent", "Geen training in het herkennen van spookbewoning."),
        ],
    ),
    (
        "PR-vergunningverlening",
        VTH,
        "partly",
        "large",
        "",
        "Aanvragers, adviesbureaus, RIEC",
        {
            "VC1": (3, "Vergunningen zijn voor aanvragers van groot belang."),
            "VC2": (1, "Adviesbureaus dienen aanvragen in."),
            "VC3": (0, "Geen opdrachtverstrekking."),
            "VC4": (3, "Direct contact met aanvragers; men kent elkaar."),
            "VC5": (1, "Leges."),
            "VC6": (2, "Bedrijfsgegevens en Bibob-informatie."),
            "VC7": (0, "Geen kritieke dienstverlening."),
            "VC8": (3, "Kleine bezetting: de behandelaar werkt meestal alleen."),
        },
        [
            (
                "four_eyes",
                "on_paper",
                "Werkafspraak vier ogen; in de praktijk komt daar niet veel van terecht.",
            ),
            ("bibob_check", "on_paper", "Bibob-beleid vastgesteld, nog weinig toegepast."),
            ("other", "in_practice", "Collegebesluit bij bepaalde omgevingsvergunningen."),
        ],
    ),
    (
        "PR-toezicht-handhaving",
        VTH,
        "partly",
        "large",
        "",
        "Ondernemers, inwoners, politie, brandweer",
        {
            "VC1": (3, "Handhaving raakt ondernemers direct."),
            "VC2": (1, "Samenwerking met politie en brandweer."),
            "VC3": (0, "Geen opdrachtverstrekking."),
            "VC4": (3, "Toezichthouders zijn op straat en bij bedrijven."),
            "VC5": (0, "Geen geldstromen."),
            "VC6": (1, "Dossiers van gecontroleerde bedrijven."),
            "VC7": (0, "Geen kritieke dienstverlening."),
            "VC8": (3, "Drie toezichthouders, elk met een eigen gebied."),
        },
        [
            ("rotation", "absent", "Geen periodieke roulatie tussen gebieden."),
            ("four_eyes", "absent", "Controles worden alleen uitgevoerd."),
            ("training", "absent", "Geen training voor toezichthouders fysiek domein."),
        ],
    ),
    (
        "PR-persoonsgegevens-strategische-informatie",
        "Bestuurs- en Directieondersteuning",
        "no",
        "limited",
        "",
        "Ketenpartners, RIEC",
        {
            "VC1": (1, "Strategische informatie is waardevol voor derden."),
            "VC2": (2, "Uitwisseling met ketenpartners zonder scherpe afspraken."),
            "VC3": (0, "Geen opdrachtverstrekking."),
            "VC4": (0, "Geen direct klantcontact."),
            "VC5": (0, "Geen geldstromen."),
            "VC6": (3, "Vertrouwelijke bestuurlijke en persoonsgegevens."),
            "VC7": (3, "Uitval of lekken raakt de hele organisatie."),
            "VC8": (1, "Weinig medewerkers met brede toegang."),
        },
        [
            ("authorisations", "in_practice", "Toegang tot systemen alleen wat de functie vraagt."),
            ("privacy_rules", "on_paper", "De 10 gouden regels AVG."),
            ("other", "on_paper", "Gesloten deel gemeentehuis met tag; meelopen is eenvoudig."),
        ],
    ),
    (
        "PR-betaling-facturen-zorg",
        "Sociaal Domein",
        "no",
        "limited",
        "large",
        "Zorgaanbieders",
        {
            "VC1": (2, "Zorgaanbieders hebben belang bij snelle betaling."),
            "VC2": (3, "Nauwe relatie met vaste zorgaanbieders."),
            "VC3": (2, "Veel aanbieders en onderaannemers."),
            "VC4": (1, "Contact met aanbieders over facturen."),
            "VC5": (3, "Miljoenen per jaar aan zorg."),
            "VC6": (2, "Cliëntgegevens op facturen."),
            "VC7": (1, "Vertraging raakt cliënten."),
            "VC8": (3, "Budgethouder betaalt facturen alleen."),
        },
        [
            ("four_eyes", "absent", "Geen standaard vierogenprincipe, geen tweede handtekening."),
            ("two_signatures", "absent", "Budgethouder is gemandateerd om alleen te betalen."),
            ("policy", "on_paper", "Mandaatregeling, niet ingericht op fraude of ondermijning."),
        ],
    ),
]

# (library id, department, overrides of FunctionEntry fields)
FUNCTIONS = [
    (
        "F-medewerker-oov",
        "Bestuurs- en Directieondersteuning",
        dict(
            incumbents=2,
            information_access="broad",
            external_contact=True,
            decision_authority="prepares",
            typical_tenure_years=6,
            screening_required="vog_p",
            screening_done="no",
            screening_on_change="no",
            four_eyes_possible=True,
            four_eyes_state="on_paper",
            notes="0,7 fte verdeeld over twee medewerkers.",
        ),
    ),
    (
        "F-bibob-coordinator",
        VTH,
        dict(
            incumbents=1,
            information_access="broad",
            decision_authority="prepares",
            dual_roles=True,
            dual_roles_note="Voert de Bibob-toets uit en behandelt ook vergunningen.",
            screening_required="vog_p",
            screening_done="no",
            screening_on_change="no",
            compensating_control="Advies gaat naar het college.",
            compensating_state="on_paper",
        ),
    ),
    (
        "F-vergunningverlener",
        VTH,
        dict(
            incumbents=2,
            external_contact=True,
            decision_authority="decides",
            information_access="sensitive",
            external_hires=True,
            local_ties=True,
            screening_required="vog",
            screening_done="partly",
            screening_done_external="no",
            screening_on_change="no",
            four_eyes_possible=True,
            four_eyes_state="on_paper",
        ),
    ),
    (
        "F-toezichthouder",
        VTH,
        dict(
            incumbents=3,
            typical_tenure_years=9,
            external_contact=True,
            decision_authority="decides",
            local_ties=True,
            screening_required="vog_p",
            screening_done="no",
            screening_on_change="no",
            rotation_possible=True,
            rotation_state="absent",
            four_eyes_possible=True,
            four_eyes_state="absent",
        ),
    ),
    (
        "F-boa",
        VTH,
        dict(
            incumbents=4,
            external_contact=True,
            decision_authority="decides",
            screening_required="vog_p",
            screening_done="yes",
            screening_on_change="no",
            four_eyes_possible=True,
            four_eyes_state="in_practice",
            notes="Boa's werken in duo's op straat.",
        ),
    ),
    (
        "F-baliemedewerker-burgerzaken",
        "Publiekszaken",
        dict(
            incumbents=6,
            external_contact=True,
            information_access="broad",
            financial_flows=True,
            external_hires=True,
            screening_required="vog",
            screening_done="yes",
            screening_done_external="no",
            screening_on_change="no",
            four_eyes_possible=True,
            four_eyes_state="effective",
            rotation_possible=True,
            rotation_state="in_practice",
        ),
    ),
    (
        "F-budgethouder",
        "Sociaal Domein",
        dict(
            incumbents=8,
            has_mandate=True,
            mandate_note="Gemandateerd om facturen alleen te voldoen.",
            decision_authority="decides",
            financial_flows=True,
            typical_tenure_years=8,
            screening_required="none",
            four_eyes_possible=True,
            four_eyes_state="absent",
        ),
    ),
    (
        "F-financieel-medewerker",
        "Financiën en Inkoop",
        dict(
            incumbents=3,
            financial_flows=True,
            information_access="sensitive",
            screening_required="vog",
            screening_done="yes",
            screening_on_change="no",
            four_eyes_possible=True,
            four_eyes_state="in_practice",
        ),
    ),
    (
        "F-beleidsmedewerker-subsidies",
        "Sociaal Domein",
        dict(
            incumbents=2,
            external_contact=True,
            decision_authority="prepares",
            local_ties=True,
            screening_required="vog",
            screening_done="no",
            screening_on_change="no",
            four_eyes_possible=True,
            four_eyes_state="in_practice",
        ),
    ),
    (
        "F-medewerker-sociaal-domein",
        "Sociaal Domein",
        dict(
            incumbents=12,
            external_contact=True,
            information_access="sensitive",
            decision_authority="prepares",
            external_hires=True,
            screening_required="vog",
            screening_done="partly",
            screening_done_external="no",
            screening_on_change="no",
            four_eyes_possible=True,
            four_eyes_state="on_paper",
        ),
    ),
    (
        "F-medewerker-vastgoed",
        "Ruimte en Economie",
        dict(
            incumbents=1,
            typical_tenure_years=12,
            decision_authority="decides",
            financial_flows=True,
            external_contact=True,
            local_ties=True,
            screening_required="vog",
            screening_done="no",
            screening_on_change="not_applicable",
            compensating_control=(
                "Wekelijks portefeuilleoverleg met de wethouder; collegebesluit boven een "
                "substantieel bedrag."
            ),
            compensating_state="in_practice",
        ),
    ),
    (
        "F-medewerker-informatievoorziening",
        "Bedrijfsvoering",
        dict(
            incumbents=2,
            information_access="broad",
            external_hires=True,
            screening_required="vog_p",
            screening_done="no",
            screening_done_external="no",
            screening_on_change="no",
        ),
    ),
    (
        "F-secretariaat-college",
        "Bestuurs- en Directieondersteuning",
        dict(
            incumbents=1,
            information_access="broad",
            typical_tenure_years=15,
            screening_required="vog",
            screening_done="no",
            screening_on_change="no",
        ),
    ),
]


@demo_step(order=40)
def build_registers(ctx: DemoContext) -> None:
    scan = ctx.objects["scan_baseline"]
    framework = scan.framework
    for position, (pid, dept, described, discretion, size, parties, scores, controls) in enumerate(
        PROCESSES, start=1
    ):
        entry = ProcessEntry(
            scan=scan,
            library_process_id=pid,
            owner_department=dept,
            described=described,
            discretion=discretion,
            money_flows=bool(size),
            money_flow_size=size,
            external_parties=parties,
            position=position,
        )
        save_process_entry(
            entry,
            [CriterionInput(c, s, r) for c, (s, r) in scores.items()],
            [ControlInput(t, st, d) for t, st, d in controls],
        )
    examples = {f["id"]: f for f in framework.example_functions}
    for position, (fid, dept, fields) in enumerate(FUNCTIONS, start=1):
        example = examples[fid]
        entry = FunctionEntry(
            scan=scan,
            library_function_id=fid,
            name=example["name"]["nl"],
            department=dept,
            description=example.get("description", {}).get("nl", ""),
            position=position,
            **fields,
        )
        save_function_entry(entry)
    ctx.objects["registers_process_count"] = len(PROCESSES)
    ctx.objects["registers_function_count"] = len(FUNCTIONS)
