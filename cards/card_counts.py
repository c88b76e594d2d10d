"""Each domain's count of active cards, kept on the domain for the pages that show it.

The dashboard, the statistics and the predicted score need "active cards per domain" on every
view; counting them there scans every card of the topic (30,000 in a large Anki deck). Cards
change only on import and editing, so those write paths recount here: the importer and the
editing actions after their bulk updates, and a signal after any single card's save or delete
(the admin form, a resolved conflict, a dismissed flag).
"""

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cards.models import Card, Domain


def recount_active_cards(topic_ids: Iterable[int]) -> None:
    """Set active_card_count on every domain of these topics, in one UPDATE."""
    active = (
        Card.objects.filter(section__domain=OuterRef("pk"), is_active=True)
        .order_by()
        .values("section__domain")
        .annotate(count=Count("pk"))
        .values("count")
    )
    Domain.objects.filter(topic_id__in=list(topic_ids)).update(
        active_card_count=Coalesce(Subquery(active), 0)
    )


@receiver(post_save, sender=Card, dispatch_uid="cards-recount-on-save")
@receiver(post_delete, sender=Card, dispatch_uid="cards-recount-on-delete")
def _recount_after_one_card(sender, instance: Card, **kwargs) -> None:
    recount_active_cards([instance.topic_id])
