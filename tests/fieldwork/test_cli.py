from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from weerbaar.fieldwork.models import InterviewNote

pytestmark = pytest.mark.django_db


def test_progress_as_json(baseline_scan):
    out = StringIO()
    call_command("fieldwork", "progress", str(baseline_scan.pk), "--format", "json", stdout=out)
    rows = {r["department"]: r for r in json.loads(out.getvalue())}
    assert rows["Publiekszaken"]["status"] == "submitted"
    assert rows["Vergunningen, Toezicht en Handhaving"]["status"] == "in_progress"
    assert rows["Sociaal Domein"]["status"] is None


def test_sources_never_print_notes(baseline_scan):
    out = StringIO()
    call_command("fieldwork", "sources", str(baseline_scan.pk), stdout=out)
    data = json.loads(out.getvalue())
    assert data["D3b.N2"]["documents"][0]["title"] == "Beleidslijn Wet Bibob 2023"
    assert data["D3b.N2"]["interviews"]
    for note in InterviewNote.objects.all():
        assert note.text[:20] not in out.getvalue()


def test_unknown_scan_and_norm(baseline_scan):
    with pytest.raises(CommandError):
        call_command("fieldwork", "progress", "999999")
    with pytest.raises(CommandError):
        call_command("fieldwork", "sources", str(baseline_scan.pk), "--norm", "X9")
