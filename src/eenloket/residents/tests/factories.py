import factory

from eenloket.organisations.tests.factories import MunicipalityFactory
from eenloket.residents.models import Resident


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Inwoner {n}")
