"""Numbers read by machines (ids in forms, page numbers in links) are never written as 1.234."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from limpia.registry.models import Installation


def test_page_links_past_page_999():
    paginator = Paginator(range(30_000), 25)
    page = paginator.page(1000)
    html = render_to_string(
        "core/_pagination.html",
        {
            "paginator": paginator,
            "page_obj": page,
            "is_paginated": True,
            "querystring": "q=x",
        },
    )
    assert "page=1001" in html and "page=999" in html and "1.001" not in html


@pytest.mark.django_db
def test_installation_ids_in_the_adhesion_form_past_999(world):
    big = Installation.objects.create(
        pk=12_345, company=world.a.company, name="Planta grande", comuna=world.a.installation.comuna
    )
    client = Client()
    client.force_login(world.users["company"])
    html = client.get(reverse("agreements:adhesion-request", args=[world.a.agreement.pk])).content.decode()
    assert f'value="{big.pk}"' in html and "12.345" not in html
