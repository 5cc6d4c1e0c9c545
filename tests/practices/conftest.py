from __future__ import annotations

import pytest

from tests.factories import make_organisation, make_region, make_riec_adviser, make_user
from weerbaar.organisations.models import Role
from weerbaar.practices import services
from weerbaar.practices.services import PracticeData


@pytest.fixture
def other_region(db):
    """A second RIEC region with one municipality, its coordinator and its RIEC adviser."""
    region = make_region("RIEC Andere Regio")
    org = make_organisation("Gemeente Elders", region=region)
    return {
        "region": region,
        "org": org,
        "coordinator": make_user(role=Role.COORDINATOR, organisation=org),
        "riec": make_riec_adviser(region),
    }


@pytest.fixture
def draft(voorbeeld, user_for):
    """A concept practice of Gemeente Voorbeeld."""
    return services.create_practice(
        voorbeeld,
        PracticeData(
            kind="protocol",
            title="Protocol integriteitsmelding",
            summary="Hoe een melding wordt opgepakt.",
            norm_ids=["D4.N1"],
            measure_ids=["M-meldpunt"],
        ),
        user=user_for("coordinator"),
    )
