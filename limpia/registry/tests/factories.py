"""factory_boy factories of the registry; RUTs are valid and unique."""

import factory

from limpia.core.rut import make_rut
from limpia.registry.choices import MembershipState
from limpia.registry.models import Agency, Association, Company, Comuna, ContactPerson, Installation, Membership


def _comuna(cut: str = "13101") -> Comuna:
    return Comuna.objects.get(cut=cut)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    rut = factory.Sequence(lambda n: make_rut(78_000_000 + n))
    legal_name = factory.Sequence(lambda n: f"Empresa de prueba {n} SpA")
    comuna = factory.LazyFunction(_comuna)
    sales_uf = 10_000
    size_class = "small"


class InstallationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Installation

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Planta {n}")
    comuna = factory.LazyFunction(_comuna)


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Asociación gremial {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    association = factory.SubFactory(AssociationFactory)
    company = factory.SubFactory(CompanyFactory)
    state = MembershipState.ACCEPTED


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Servicio público {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    full_name = factory.Sequence(lambda n: f"Persona {n}")
    company = factory.SubFactory(CompanyFactory)
