"""A topic with weighted domains of scenario cards, for the practice tests."""

from cards.models import Topic
from tests.factories import CardFactory, DomainFactory, SectionFactory, TopicFactory

DVA_WEIGHTS = (32, 26, 24, 18)


def practice_topic(cards_per_domain: int = 20, **exam) -> Topic:
    """Four domains weighted like DVA-C02, each with one section of distinct scenario cards."""
    topic = TopicFactory(
        **{f"exam_{name}": value for name, value in exam.items()},
    )
    for number, weight in enumerate(DVA_WEIGHTS, start=1):
        domain = DomainFactory(topic=topic, number=number, weight=weight)
        section = SectionFactory(domain=domain, position=1)
        CardFactory.create_batch(cards_per_domain, section=section)
    return topic
