from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import make_organisation, make_scan
from weerbaar.regional.models import BenchmarkOptIn, ReportSummary


@pytest.fixture
def add_municipality(db, voorbeeld):
    """A municipality of the demo region (or ``region``) with one published summary."""

    def make(values: dict[str, int], *, region=None, inhabitants=30_000, opt_in=True):
        org = make_organisation(region=region or voorbeeld.region, inhabitants=inhabitants)
        scan = make_scan(org)
        pillars = {k.removeprefix("pillar:"): v for k, v in values.items() if "pillar:" in k}
        items = {k: v for k, v in values.items() if k.startswith(("item:", "grade:"))}
        ReportSummary.objects.create(
            organisation=org,
            scan=scan,
            published_at=timezone.now() - datetime.timedelta(days=1),
            pillars=pillars,
            items=items,
            labels={k: {"nl": k, "en": k} for k in values},
        )
        if opt_in:
            BenchmarkOptIn.objects.create(organisation=org)
        return org

    return make
