import factory

from eenloket.accounts.models import User
from eenloket.organisations.models import Location, Organisation, Role, StaffMembership


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"gemeente-test-{n}")
    name = factory.Sequence(lambda n: f"Gemeente Test {n}")
    kind = Organisation.Kind.MUNICIPALITY


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = factory.Sequence(lambda n: f"loket-{n}")
    name = factory.Sequence(lambda n: f"Loket {n}")
    street = "Plein 1"
    postcode = "1234 AB"
    city = "Teststad"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Medewerker {n}")
    password = factory.django.Password("demo")


def staff(
    role: str = Role.SPECIALIST, organisation: Organisation | None = None, **kwargs: object
) -> User:
    """A user with a membership; counter roles get a municipality when none is given."""
    if organisation is None and role in (Role.FRONT_OFFICE, Role.SPECIALIST, Role.LOCATION_MANAGER):
        organisation = MunicipalityFactory()
    user = UserFactory(**kwargs)
    StaffMembership.objects.create(user=user, role=role, organisation=organisation)
    return user
