"""The processes a signal of ondermijning can be about: the library's vulnerable processes.

A signal names a process category of the library (``Framework.process_categories``: ids such
as ``vergunningverlening``, ``subsidies``, ``inkoop_aanbesteding``) or :data:`OTHER`, so that
signals, the registers and the report speak of the same processes. The list comes from the
library version the organisation works with: the version pinned by its latest scan, else the
current library version (:func:`library_version`).
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from weerbaar.core.text import translate
from weerbaar.library.loader import current_version
from weerbaar.library.models import LibraryVersion
from weerbaar.library.types import Text
from weerbaar.organisations.models import Organisation
from weerbaar.scans.models import Scan

#: The process of a signal that fits no library process, or whose reporter does not know it.
OTHER = "other"
OTHER_LABEL = _("Anders of onbekend")

LANGUAGES = ("nl", "en")


def library_version(organisation: Organisation) -> LibraryVersion | None:
    """The library version of the organisation: its latest scan's pinned version, else the
    current library version (None when no library has been loaded)."""
    scan = (
        Scan.objects.filter(organisation=organisation)
        .select_related("library_version")
        .order_by("-period_start", "-pk")
        .first()
    )
    return scan.library_version if scan is not None else current_version()


def process_names(organisation: Organisation) -> dict[str, Text]:
    """Process id -> bilingual name, in the library's order and with :data:`OTHER` last."""
    version = library_version(organisation)
    categories = version.framework.process_categories if version is not None else []
    names: dict[str, Text] = {c["id"]: c["name"] for c in categories if c["id"] != OTHER}
    names[OTHER] = other_name()
    return names


def other_name() -> Text:
    """The bilingual label of :data:`OTHER` (a UI string, translated through gettext)."""
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = str(OTHER_LABEL)
    return Text(nl=labels["nl"], en=labels["en"])


def name_of(names: dict[str, Text], process_id: str) -> Text:
    """The bilingual name of a process id; an id the library no longer has is its own name."""
    return names.get(process_id) or Text(nl=process_id, en=process_id)


def label_of(names: dict[str, Text], process_id: str) -> str:
    """The name of a process id in the active language (see :func:`name_of`)."""
    return translate(name_of(names, process_id))


def signal_processes(organisation: Organisation) -> list[tuple[str, str]]:
    """The choices for a signal's process: (id, label in the active language)."""
    return [(pid, translate(name)) for pid, name in process_names(organisation).items()]


def is_signal_process(organisation: Organisation, process_id: str) -> bool:
    """Whether a signal of the organisation may name ``process_id`` now."""
    return process_id in process_names(organisation)
