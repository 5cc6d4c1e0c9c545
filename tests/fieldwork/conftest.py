from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.factories import client_for_user
from weerbaar.fieldwork.models import DepartmentIntake, InterviewSession

HEAD_EMAIL = "afdelingshoofd@voorbeeld.demo"


@pytest.fixture
def head(db):
    return get_user_model().objects.get(email=HEAD_EMAIL)


@pytest.fixture
def head_client(head):
    return client_for_user(head)


@pytest.fixture
def own_intake(head, baseline_scan) -> DepartmentIntake:
    return DepartmentIntake.objects.get(scan=baseline_scan, department__memberships__user=head)


@pytest.fixture
def other_intake(own_intake) -> DepartmentIntake:
    return DepartmentIntake.objects.filter(scan=own_intake.scan).exclude(pk=own_intake.pk).first()


@pytest.fixture
def held_session(baseline_scan) -> InterviewSession:
    return InterviewSession.objects.filter(scan=baseline_scan, held_on__isnull=False).first()
