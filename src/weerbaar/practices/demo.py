"""Demo step: example practices in the library and the region's directory of support.

The practices are written for the demo and marked as examples ("Voorbeeld"): one from Gemeente
Voorbeeld with a document, one from Gemeente Dijkhuizen that Voorbeeld copied into its
action plan, one from the RIEC, and one of Voorbeeld that waits for the RIEC's review.
"""

from __future__ import annotations

import datetime
import io

from weerbaar.core.demo import DemoContext, demo_step
from weerbaar.library.framework import framework_for
from weerbaar.library.loader import require_current_version

from . import services
from .models import Practice, PracticeKind, PracticeStatus, SupportKind
from .services import PracticeData, SupportData

#: (key, organisation key, by RIEC, status, data)
EXAMPLES = [
    (
        "signal_card",
        "voorbeeld",
        False,
        PracticeStatus.PUBLISHED,
        PracticeData(
            kind=PracticeKind.SIGNAL_CARD,
            title="Signaalkaart horeca- en exploitatievergunningen",
            summary=(
                "Een kaart van één pagina met de signalen van misbruik bij een aanvraag voor "
                "een horeca- of exploitatievergunning (onduidelijke financiering, wisselende "
                "beheerders, contante betalingen) en wat de behandelaar dan doet."
            ),
            description=(
                "De vergunningverleners hebben de kaart samen met de Bibob-coördinator "
                "gemaakt. Bij elk signaal staat de vervolgstap: het gesprek met de aanvrager, "
                "een melding bij de Bibob-coördinator of overleg met het RIEC."
            ),
            norm_ids=["D3a.N2", "D1.N2"],
            process_ids=["PR-horeca-vergunning", "PR-exploitatievergunning-prostitutie"],
            measure_ids=["M-werkproces-signalen", "M-bibob-toets"],
        ),
    ),
    (
        "screening",
        "dijkhuizen",
        False,
        PracticeStatus.PUBLISHED,
        PracticeData(
            kind=PracticeKind.SCREENING,
            title="Screeningsprocedure voor kwetsbare functies",
            summary=(
                "Per kwetsbare functie vastgelegd welke screening nodig is (VOG, VOG-P, "
                "integriteitstoets) en wanneer die wordt herhaald; HR bewaakt de termijnen."
            ),
            description=(
                "Een kleine gemeente kan niet iedere functie roteren; de procedure combineert "
                "screening bij indiensttreding met periodieke vernieuwing van de VOG."
            ),
            norm_ids=["D3d.N1", "D3d.N2"],
            process_ids=["PR-personeelszaken"],
            measure_ids=["M-vog", "M-vog-vernieuwing", "M-screeningsprofielen"],
        ),
    ),
    (
        "awareness",
        "voorbeeld",
        True,
        PracticeStatus.PUBLISHED,
        PracticeData(
            kind=PracticeKind.AWARENESS,
            title="Bewustwordingssessie voor nieuwe medewerkers vóór de eed",
            summary=(
                "Een sessie van anderhalf uur met casussen uit de regio over hoe criminelen "
                "medewerkers benaderen, gehouden voordat nieuwe medewerkers de eed of belofte "
                "afleggen."
            ),
            norm_ids=["D1.N1", "D4.N1"],
            process_ids=[],
            measure_ids=["M-introductie-eed", "M-training-signalen"],
        ),
    ),
    (
        "four_eyes",
        "voorbeeld",
        False,
        PracticeStatus.SUBMITTED,
        PracticeData(
            kind=PracticeKind.MEASURE,
            title="Vier ogen bij subsidieverlening boven € 25.000",
            summary=(
                "Iedere subsidiebeschikking boven € 25.000 wordt door een tweede medewerker "
                "van een ander team gecontroleerd voordat ze wordt verzonden."
            ),
            norm_ids=["D3c.N1"],
            process_ids=[],
            measure_ids=["M-vier-ogen"],
        ),
    ),
]

SUPPORT = [
    SupportData(
        kind=SupportKind.CONTACT,
        title="Adviseur ondermijning van het RIEC",
        email="riec@weerbaar.demo",
        description="Voor vragen over de scan, de Bibob-toets en de bestuurlijke aanpak.",
    ),
    SupportData(
        kind=SupportKind.RESOURCE,
        title="Centrum voor Criminaliteitspreventie en Veiligheid (CCV)",
        url="https://hetccv.nl/",
        description="Handreikingen en instrumenten voor de bestuurlijke aanpak van ondermijning.",
    ),
    SupportData(
        kind=SupportKind.ELEARNING,
        title="E-learning ondermijning voor gemeentemedewerkers",
        url="https://www.riec.nl/",
        description="Een korte online training over signalen van ondermijning.",
    ),
]

#: A tiny valid PDF: the demo's example document.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _known(data: PracticeData, fw) -> PracticeData:
    """Keep only the ids the current library version knows."""
    data.norm_ids = [i for i in data.norm_ids or [] if i in fw.norm_index]
    data.process_ids = [i for i in data.process_ids or [] if i in fw.process_index]
    data.measure_ids = [i for i in data.measure_ids or [] if i in fw.measure_index]
    return data


@demo_step(order=88)
def build_practices(ctx: DemoContext) -> None:
    version = require_current_version()
    fw = framework_for(version)
    riec = ctx.objects["user_riec"]
    beheerder = ctx.objects["user_beheerder"]
    coordinator = ctx.objects["user_coordinator"]
    submitted = ctx.now - datetime.timedelta(days=40)
    reviewed = ctx.now - datetime.timedelta(days=30)
    practices: dict[str, Practice] = {}
    for key, org_key, by_riec, status, data in EXAMPLES:
        organisation = ctx.objects[org_key]
        author = riec if by_riec else (coordinator if org_key == "voorbeeld" else beheerder)
        practice = services.create_practice(
            organisation, _known(data, fw), user=author, is_example=True, library_version=version
        )
        if key == "signal_card":
            services.add_document(
                practice, io.BytesIO(DEMO_PDF), title="Signaalkaart (PDF)", user=author
            )
        if status == PracticeStatus.SUBMITTED:
            services.submit_practice(practice, user=author, now=submitted)
        elif status == PracticeStatus.PUBLISHED:
            # Reviewed a month ago (one save instead of submitting and reviewing: the demo
            # is rebuilt for every browser test).
            practice.status = status
            practice.submitted_at, practice.reviewed_by = submitted, riec
            practice.reviewed_at = practice.published_at = reviewed
            practice.save()
        practices[key] = practice
    voorbeeld = ctx.objects["voorbeeld"]
    services.adopt_practice(practices["screening"], voorbeeld, user=coordinator, now=ctx.now)
    for entry in SUPPORT:
        services.save_support_link(voorbeeld, entry, user=riec)
    ctx.objects["practices"] = practices
