import factory

from eenloket.contacts.models import Channel, Contact, HelpRequest
from eenloket.residents.tests.factories import ResidentFactory


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    resident = factory.SubFactory(ResidentFactory)
    municipality = factory.SelfAttribute("resident.municipality")
    story = "Mijn situatie is ingewikkeld."
    created_by = factory.SubFactory("eenloket.organisations.tests.factories.UserFactory")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    resident = factory.SubFactory(ResidentFactory)
    municipality = factory.SelfAttribute("resident.municipality")
    channel = Channel.WALK_IN
    question = "Een korte vraag"
    created_by = factory.SubFactory("eenloket.organisations.tests.factories.UserFactory")
