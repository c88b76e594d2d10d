"""What an import brings besides cards: the outline (domains and sections) and the images."""

from cards.fixture import TopicFixture
from cards.import_report import ImportReport
from cards.models import CardImage, Domain, Section, Topic
from cards.sources.images import CONTENT_TYPES


def store_images(fixture: TopicFixture, report: ImportReport) -> None:
    """Store the pictures the fixture's cards show; named by content, each is stored once."""
    names = [name for name, _ in fixture.images]
    known = set(CardImage.objects.filter(name__in=names).values_list("name", flat=True))
    new = [
        CardImage(name=name, content=content, content_type=CONTENT_TYPES[name[name.rindex(".") :]])
        for name, content in fixture.images
        if name not in known
    ]
    CardImage.objects.bulk_create(new)
    if new:
        report.outline_changes.append(f"{len(new)} image(s) stored for the cards to show.")


def sync_outline(
    topic: Topic, fixture: TopicFixture, report: ImportReport
) -> dict[tuple[int, int], Section]:
    """Create or retitle domains and sections. None is deleted: retired cards still sit in them."""
    domains = {domain.number: domain for domain in topic.domains.all()}
    sections = {
        (section.domain.number, section.position): section
        for section in Section.objects.filter(domain__topic=topic).select_related("domain")
    }
    for spec in fixture.domains:
        domain = domains.get(spec.number)
        if domain is None:
            domain = Domain.objects.create(
                topic=topic, number=spec.number, title=spec.title, weight=spec.weight
            )
            report.outline_changes.append(f"Domain {spec.number} created: {spec.title}")
        else:
            # A weight an editor set stands; the fixture's is only its notes' equal share.
            weight = domain.weight if domain.weight_edited else spec.weight
            if (domain.title, domain.weight) != (spec.title, weight):
                domain.title, domain.weight = spec.title, weight
                domain.save(update_fields=["title", "weight"])
                report.outline_changes.append(f"Domain {spec.number} retitled: {spec.title}")
        for section_spec in spec.sections:
            place = (spec.number, section_spec.position)
            section = sections.get(place)
            if section is None:
                sections[place] = Section.objects.create(
                    domain=domain, position=section_spec.position, title=section_spec.title
                )
                report.outline_changes.append(
                    f"Section {spec.number}.{section_spec.position} created: {section_spec.title}"
                )
            elif section.title != section_spec.title:
                section.title = section_spec.title
                section.save(update_fields=["title"])
                report.outline_changes.append(
                    f"Section {spec.number}.{section_spec.position} retitled: {section_spec.title}"
                )
    return sections
