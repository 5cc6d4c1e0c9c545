"""Renaming a department keeps it: the same row, so its responses keep their department."""

from __future__ import annotations

import pytest

from tests.editing import form_data
from weerbaar.organisations import services
from weerbaar.organisations.forms import rename_field
from weerbaar.surveys.models import ResponseSet, Survey

pytestmark = pytest.mark.django_db

URL = "/o/voorbeeld/instellingen/"


def test_rename_in_the_form_keeps_the_department_and_its_responses(client_for, voorbeeld):
    client = client_for("coordinator")
    dept = voorbeeld.departments.first()
    survey = Survey.objects.filter(scan__organisation=voorbeeld).first()
    response_set = ResponseSet.objects.create(
        survey=survey, answers={"q1_afdeling": str(dept.pk)}, department=dept, submitted=True
    )
    page = client.get(URL)
    assert rename_field(dept.pk) in page.context["form"].fields
    others = list(voorbeeld.departments.exclude(pk=dept.pk).values_list("pk", "name"))
    response = client.post(URL, form_data(page, **{rename_field(dept.pk): "Dienstverlening"}))
    assert response.status_code == 302
    dept.refresh_from_db()  # the same row
    assert dept.name == "Dienstverlening"
    response_set.refresh_from_db()
    assert response_set.department_id == dept.pk
    assert list(voorbeeld.departments.exclude(pk=dept.pk).values_list("pk", "name")) == others
    names = list(voorbeeld.departments.values_list("name", flat=True))
    assert names.count("Dienstverlening") == 1


def test_names_can_be_swapped_and_a_clash_is_refused(client_for, voorbeeld):
    a, b = list(voorbeeld.departments.all())[:2]
    assert services.set_departments(
        voorbeeld,
        [
            b.name if d.pk == a.pk else a.name if d.pk == b.pk else d.name
            for d in voorbeeld.departments.all()
        ],
        {a.pk: b.name, b.pk: a.name},
    )
    a_name, b_name = a.name, b.name
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.name, b.name) == (b_name, a_name)
    client = client_for("coordinator")
    page = client.get(URL)
    response = client.post(URL, form_data(page, **{rename_field(a.pk): b.name}))
    assert response.status_code == 200
    assert "Twee afdelingen kunnen niet dezelfde naam hebben" in response.content.decode()
    a.refresh_from_db()
    assert a.name == b_name  # unchanged


def test_removing_a_line_still_removes_and_new_lines_add(client_for, voorbeeld):
    depts = list(voorbeeld.departments.all())
    client = client_for("coordinator")
    page = client.get(URL)
    lines = [d.name for d in depts[1:]] + ["Nieuwe afdeling"]
    response = client.post(URL, form_data(page, departments="\n".join(lines)))
    assert response.status_code == 302
    assert not voorbeeld.departments.filter(pk=depts[0].pk).exists()
    assert list(voorbeeld.departments.values_list("name", flat=True)) == lines
