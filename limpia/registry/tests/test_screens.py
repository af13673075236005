"""Registry screens: forms call services, errors show on the form, history shows on the record."""

import pytest
from django.test import Client
from django.urls import reverse

from limpia.accounts.models import RoleAssignment
from limpia.registry.models import Company, ContactPerson

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def _company_form(company, **changes):
    data = {
        "rut": company.rut,
        "legal_name": company.legal_name,
        "trade_name": company.trade_name,
        "comuna": company.comuna_id,
        "address": company.address,
        "sales_uf": "5000",
        "workers": "",
        "size_class": "",
        "email": "",
        "phone": "",
        "website": "",
    }
    return {**data, **changes}


def test_editing_a_company_records_who_and_what_and_shows_it(world):
    client = _client(world, "regional")
    url = reverse("registry:company-edit", args=[world.a.company.pk])
    response = client.post(url, _company_form(world.a.company, legal_name="Empresa A Renombrada SpA"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Empresa A Renombrada SpA" in page and "Historial" in page
    assert "Modificación" in page and "razón social" in page and "Regional" in page


def test_a_contradicting_size_class_is_shown_on_the_form_and_not_saved(world):
    client = _client(world, "staff")
    url = reverse("registry:company-edit", args=[world.a.company.pk])
    response = client.post(url, _company_form(world.a.company, sales_uf="150.000", size_class="small"))
    assert response.status_code == 200
    assert "contradice las ventas declaradas" in response.content.decode()
    world.a.company.refresh_from_db()
    assert world.a.company.sales_uf == 5000


def test_company_create_form_with_chilean_number(world):
    client = _client(world, "staff")
    data = _company_form(world.a.company, rut="76.543.210-3", legal_name="Nueva SpA", sales_uf="2.400")
    response = client.post(reverse("registry:company-create"), data)
    assert response.status_code == 302
    assert Company.objects.get(rut="76543210-3").size_class == "micro"


def test_deleting_a_contact_keeps_it_in_history(world):
    client = _client(world, "company")
    contact = world.a.contact
    response = client.post(reverse("registry:contact-delete", args=[contact.pk]), {"reason": "Dejó la empresa"})
    assert response.status_code == 302
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    last = ContactPerson.history.filter(id=contact.pk).first()
    assert last.history_type == "-" and last.history_user == world.users["company"]
    assert last.history_change_reason == "Dejó la empresa"


def test_list_search_and_htmx_partial(world):
    client = _client(world, "staff")
    full = client.get(reverse("registry:company-list"), {"q": "Empresa B"}).content.decode()
    assert "Empresa B SpA" in full and "Empresa A SpA" not in full and "<nav" in full
    partial = client.get(reverse("registry:company-list"), {"q": "77.654"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Empresa B SpA" in partial and "<nav" not in partial


def test_role_assignment_must_match_its_scope(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        RoleAssignment(user=world.users["auditor"], role="company_representative").full_clean()
    assert "company" in caught.value.message_dict


def test_chilean_formats_on_pages(world):
    client = _client(world, "staff")
    world.a.company.sales_uf = 1234567
    world.a.company.save()
    page = client.get(reverse("registry:company-detail", args=[world.a.company.pk])).content.decode()
    assert "1.234.567 UF" in page
    assert world.a.company.created_at.astimezone().strftime("%Y") in page


def test_members_are_added_and_removed_on_the_association_page(world):
    client = _client(world, "association")
    add = reverse("registry:association-member-add", args=[world.a.association.pk])
    page = client.post(add, {"company_rut": "77.654.321-7"}, follow=True).content.decode()
    assert "Solicitud enviada: Empresa B SpA será socia cuando acepte." in page
    bad = client.post(add, {"company_rut": "76.543.210-3"}, follow=True).content.decode()
    assert "no hay ninguna empresa registrada con RUT 76.543.210-3" in bad
    remove = reverse("registry:association-member-remove", args=[world.a.association.pk, world.b.company.pk])
    assert client.post(remove).status_code == 302
    assert not world.a.association.memberships.filter(company=world.b.company).exists()
    other = reverse("registry:association-member-add", args=[world.b.association.pk])
    assert client.post(other, {"company_rut": "76.123.456-0"}).status_code == 403
