"""manage.py enrol_learner: what `make run` uses to start its local account on the topics."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from scheduler.enrolment_services import leave
from scheduler.models import Enrolment
from tests.factories import StudyProfileFactory, TopicFactory


def run(*args) -> str:
    out = StringIO()
    call_command("enrol_learner", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def learner(db):
    return StudyProfileFactory(user__username="learner").user


def test_a_new_local_account_studies_every_topic(learner):
    topics = [TopicFactory(title="Alpha"), TopicFactory(title="Beta")]

    out = run("learner", "--all", "--if-new")

    assert set(Enrolment.objects.for_user(learner).current().values_list("topic", flat=True)) == {
        topic.pk for topic in topics
    }
    assert "Alpha: learner enrolled." in out


def test_a_learner_who_chose_their_topics_is_left_alone(learner):
    kept, left = TopicFactory(), TopicFactory()
    run("learner", kept.slug, left.slug)
    leave(user=learner, topic=left, expected_version=1, now=timezone.now())
    TopicFactory()  # imported later

    out = run("learner", "--all", "--if-new")

    assert "already chose their topics" in out
    assert Enrolment.objects.for_user(learner).current().count() == 1


def test_enrolling_again_says_so_and_changes_nothing(learner):
    topic = TopicFactory(title="Alpha")
    run("learner", topic.slug)

    out = run("learner", topic.slug)

    assert "You already study Alpha; nothing changed." in out
    assert Enrolment.objects.get(user=learner).version == 1


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("nobody", "--all"), "There is no user 'nobody'."),
        (("learner",), "Name the topics to enrol in (their slugs), or pass --all."),
        (("learner", "no-such-topic"), "No topic no-such-topic (known: "),
    ],
)
def test_bad_arguments_are_refused_with_what_is_wrong(learner, args, error):
    with pytest.raises(CommandError, match=error.replace("(", r"\(").replace(")", r"\)")):
        run(*args)
    assert not Enrolment.objects.exists()
