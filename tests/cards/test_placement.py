"""cards.placement: where active cards came in, came back or moved in document order."""

from cards.models import Card
from cards.placement import order_changed, watching
from tests.factories import CardFactory, SectionFactory


def sent_while(block) -> list[dict]:
    sent = []

    def listen(sender, lowest, **kwargs):
        sent.append(lowest)

    order_changed.connect(listen)
    try:
        block()
    finally:
        order_changed.disconnect(listen)
    return sent


def test_cards_that_come_back_come_in_or_move_are_told_by_their_lowest_position(db):
    section = SectionFactory()
    cards = [CardFactory(section=section, position=n, is_active=n != 3) for n in range(5)]
    topic = section.domain.topic

    def change():
        with watching(Card.objects.filter(topic=topic)):
            Card.objects.filter(pk=cards[3].pk).update(is_active=True)  # back at 3
            Card.objects.filter(pk=cards[4].pk).update(position=9)  # moved on to 9
            CardFactory(section=section, position=7)  # came in at 7

    assert sent_while(change) == [{topic.pk: 3}]


def test_retiring_a_card_or_editing_its_text_tells_nothing(db):
    card = CardFactory()

    def change():
        with watching(Card.objects.filter(pk=card.pk)):
            Card.objects.filter(pk=card.pk).update(is_active=False, prompt="Edited")

    assert sent_while(change) == []
