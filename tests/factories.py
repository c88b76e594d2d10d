import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from cards.models import Card, Domain, Section, Topic
from scheduler.models import Enrolment, StudyProfile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    # Hashed before the insert, so the saved user can sign in (and force_login sessions hold).
    password = factory.django.Password("correct horse battery")


class StudyProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyProfile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
    time_zone = "UTC"
    day_starts_at = 4


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    title = factory.LazyAttribute(lambda topic: topic.slug.replace("-", " ").title())
    source = "guide.txt"


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain

    topic = factory.SubFactory(TopicFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Domain title {n}")
    weight = 25


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    domain = factory.SubFactory(DomainFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section {n}")


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Card

    section = factory.SubFactory(SectionFactory)
    topic = factory.LazyAttribute(lambda card: card.section.domain.topic)
    key = factory.Sequence(lambda n: f"scenario-{n:06d}")
    kind = Card.Kind.SCENARIO
    prompt = factory.Sequence(lambda n: f"Which service fits scenario {n}?")
    answer = factory.Sequence(lambda n: f"Service {n}")
    source = factory.LazyAttribute(lambda card: f'"{card.prompt}" → {card.answer}')
    position = factory.Sequence(lambda n: n)

    class Params:
        trap = factory.Trait(
            kind=Card.Kind.TRAP,
            key=factory.Sequence(lambda n: f"trap-{n:06d}"),
            prompt=factory.Sequence(lambda n: f"Statement {n} is always true"),
            answer="FALSE",
            verdict=Card.Verdict.FALSE,
            explanation="It depends on the configuration.",
        )
        table_cell = factory.Trait(
            kind=Card.Kind.TABLE,
            key=factory.Sequence(lambda n: f"table-{n:06d}"),
            prompt="Feature: Cost — HTTP API?",
            answer="~70% cheaper",
            sibling="row-cost",
            table={
                "header": ["Feature", "REST API", "HTTP API"],
                "row": ["Cost", "Higher", "~70% cheaper"],
                "hidden": 2,
            },
        )


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """The learner studies the topic (scheduler.enrolment); limits and date: the profile's."""

    class Meta:
        model = Enrolment
        django_get_or_create = ["user", "topic"]

    user = factory.SubFactory(UserFactory)
    topic = factory.SubFactory(TopicFactory)
    enrolled_at = factory.LazyFunction(timezone.now)
    version = 1
