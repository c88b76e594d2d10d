"""The study settings page edits the learner's StudyProfile, with clear errors."""

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue import count_queues
from tests.factories import CardFactory, SectionFactory, UserFactory
from tests.scheduler.answering import answer
from tests.scheduler.test_scheduling import bulk_history

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

DAY_START = "Study day starts at (hour)"
VALID = {
    "time_zone": "Europe/Berlin",
    "day_starts_at": "5",
    "new_cards_per_day": "15",
    "reviews_per_day": "150",
    "grading_scale": "six",
    "exam_date": "2027-01-15",
}


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def student(client, db):
    user = UserFactory()
    client.force_login(user)
    return user


def test_settings_page_creates_the_profile_with_defaults(client, student):
    response = client.get(reverse("study-settings"))

    assert response.status_code == 200
    profile = StudyProfile.objects.get(user=student)
    assert (profile.day_starts_at, profile.new_cards_per_day, profile.reviews_per_day) == (
        4,
        20,
        200,
    )
    assert '<option value="Europe/Berlin"' in response.content.decode()


def test_saving_settings_updates_the_profile(client, student):
    response = client.post(reverse("study-settings"), VALID)

    assert response.status_code == 302
    profile = StudyProfile.objects.get(user=student)
    assert profile.time_zone == "Europe/Berlin"
    assert profile.day_starts_at == 5
    assert (profile.new_cards_per_day, profile.reviews_per_day) == (15, 150)
    assert profile.grading_scale == "six"
    assert profile.exam_date == date(2027, 1, 15)
    assert "Study settings saved." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "time_zone",
            "Mars/Olympus",
            "Mars/Olympus is not a time zone name such as Europe/Berlin.",
        ),
        ("day_starts_at", "24", f"{DAY_START} must be a whole number from 0 to 23."),
        ("day_starts_at", "-1", f"{DAY_START} must be a whole number from 0 to 23."),
        ("day_starts_at", "four", f"{DAY_START} must be a whole number from 0 to 23."),
        ("new_cards_per_day", "1001", "New cards per day must be a whole number from 0 to 1000."),
        ("reviews_per_day", "0", "Reviews per day must be a whole number from 1 to 10000."),
        ("reviews_per_day", "-5", "Reviews per day must be a whole number from 1 to 10000."),
        ("grading_scale", "ten", "Select a valid choice. ten is not one of the available choices."),
        ("exam_date", "2026-11-01", "The exam date 01 November 2026 is in the past"),
        ("exam_date", "someday", "Enter a valid date."),
        ("leech_threshold", "0", "must be a whole number from 1 to 100."),
        ("leech_threshold", "101", "must be a whole number from 1 to 100."),
        ("pass_mark", "0", "Pass mark (%) must be a whole number from 1 to 100."),
        ("desired_retention", "999999", "Desired retention must be from 0.70 to 0.99."),
        ("desired_retention", "0.5", "Desired retention must be from 0.70 to 0.99"),
    ],
)
def test_invalid_settings_are_refused_with_a_clear_message(client, student, field, value, message):
    response = client.post(reverse("study-settings"), {**VALID, field: value})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Please correct the 1 field marked below." in response.content.decode()
    assert not StudyProfile.objects.filter(user=student, time_zone="Europe/Berlin").exists()


def test_an_exam_already_past_can_stay_while_other_settings_change(client, student):
    StudyProfile.objects.create(user=student, exam_date=date(2026, 10, 1))

    response = client.post(reverse("study-settings"), {**VALID, "exam_date": "2026-10-01"})

    assert response.status_code == 302
    assert StudyProfile.objects.get(user=student).time_zone == "Europe/Berlin"


def test_the_leech_threshold_is_a_setting_kept_when_a_form_leaves_it_out(client, student):
    client.post(reverse("study-settings"), {**VALID, "leech_threshold": "4"})
    assert StudyProfile.objects.get(user=student).leech_threshold == 4

    client.post(reverse("study-settings"), VALID)

    assert StudyProfile.objects.get(user=student).leech_threshold == 4


def test_exam_date_is_optional(client, student):
    response = client.post(reverse("study-settings"), {**VALID, "exam_date": ""})

    assert response.status_code == 302
    assert StudyProfile.objects.get(user=student).exam_date is None


def test_settings_need_sign_in(client, db):
    response = client.get(reverse("study-settings"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_pages_follow_the_system_colours_until_the_learner_picks_some(client, student):
    before = client.get(reverse("dashboard")).content.decode()
    client.post(reverse("study-settings"), VALID | {"theme": "dark"})
    after = client.get(reverse("dashboard")).content.decode()

    assert '<html lang="en" data-theme="system">' in before
    assert '<html lang="en" data-theme="dark">' in after
    assert StudyProfile.objects.get(user=student).theme == "dark"


def test_settings_posted_without_a_theme_keep_the_chosen_one(client, student):
    client.post(reverse("study-settings"), VALID | {"theme": "light"})
    client.post(reverse("study-settings"), VALID)

    assert StudyProfile.objects.get(user=student).theme == "light"


def test_an_unknown_theme_is_refused_by_name(client, student):
    response = client.post(reverse("study-settings"), VALID | {"theme": "sepia"})

    assert response.status_code == 200
    assert "Select a valid choice. sepia is not one of the available choices." in (
        response.content.decode()
    )
    assert StudyProfile.objects.get(user=student).theme == "system"


def test_the_site_has_an_icon_and_a_web_app_manifest(client, db):
    page = client.get(reverse("login")).content.decode()
    favicon = client.get("/favicon.ico")

    assert 'rel="icon" href="/static/icons/icon.svg"' in page
    assert 'rel="manifest" href="/static/site.webmanifest"' in page
    assert favicon.status_code == 301 and favicon["Location"] == "/static/icons/icon.svg"


def test_the_manifest_names_the_site_and_its_icons_exist():
    static = settings.BASE_DIR / "static"
    manifest = json.loads((static / "site.webmanifest").read_text())

    assert manifest["name"] == "spacecards" and manifest["theme_color"]
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert (static / icon["src"]).is_file(), icon["src"]


def test_changing_time_zone_after_a_session_keeps_todays_answers_and_allowance(client, student):
    """The issue's case: 20 new cards answered at 22:00 UTC, then the zone becomes Auckland,
    where it is already 11:00 the next day."""
    profile = StudyProfile.for_user(student)
    profile.time_zone, profile.new_cards_per_day = "UTC", 20
    profile.save()
    cards = CardFactory.create_batch(25, section=SectionFactory())
    topic_id = cards[0].topic_id
    evening = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
    for card in cards[:20]:
        answer(student, card, 4, now=evening)

    with time_machine.travel(evening + timedelta(minutes=5), tick=False):
        client.post(reverse("study-settings"), VALID | {"time_zone": "Pacific/Auckland"})
        profile = StudyProfile.objects.get(user=student)
        today = profile.today(timezone.now())
        counts = count_queues(user=student, profile=profile, today=today, topic_ids=[topic_id])

    assert profile.time_zone == "Pacific/Auckland"
    assert today == date(2026, 11, 26)
    assert (counts[topic_id].reviews, counts[topic_id].new) == (0, 0)

    # The next morning in Auckland (05:00 on the 28th, VALID's day start) is a new day: the
    # 20 reviews and 20 new cards again (5 left).
    morning = datetime(2026, 11, 28, 5, 0, tzinfo=ZoneInfo("Pacific/Auckland"))
    with time_machine.travel(morning.astimezone(UTC), tick=False):
        today = profile.today(timezone.now())
        counts = count_queues(user=student, profile=profile, today=today, topic_ids=[topic_id])

    assert today == date(2026, 11, 28)
    assert (counts[topic_id].reviews, counts[topic_id].new) == (20, 5)


def test_answers_after_a_time_zone_change_belong_to_the_day_in_progress(client, student):
    card = CardFactory(section=SectionFactory())
    evening = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
    answer(student, card, 2, now=evening)  # failed: a re-drill later today

    with time_machine.travel(evening + timedelta(minutes=5), tick=False):
        client.post(reverse("study-settings"), VALID | {"time_zone": "Pacific/Auckland"})
        student.refresh_from_db()
        student.study_profile.refresh_from_db()
        log = answer(student, card, 4, now=timezone.now()).log

    assert log.study_day == date(2026, 11, 26)
    assert log.kind == ReviewLog.Kind.REDRILL


def test_choosing_fsrs_replays_the_history_and_says_progress_is_kept(client, student):
    card = CardFactory()
    StudyProfile.objects.create(user=student, time_zone="UTC")
    answer(student, card, 4)
    ReviewState.objects.for_user(student).update(fsrs_stability=None)

    response = client.post(
        reverse("study-settings"), VALID | {"scheduler": "fsrs", "desired_retention": "0.85"}
    )

    profile = StudyProfile.objects.get(user=student)
    assert (profile.scheduler, profile.desired_retention) == ("fsrs", Decimal("0.85"))
    assert ReviewState.objects.for_user(student).get().fsrs_stability is not None
    page = client.get(response["Location"]).content.decode()
    assert "FSRS now schedules your answers. Every card kept its progress" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("scheduler", "leitner", "Select a valid choice. leitner is not one of the available"),
        ("desired_retention", "0.5", "Desired retention must be from 0.70 to 0.99, not 0.5."),
        ("desired_retention", "1", "Desired retention must be from 0.70 to 0.99, not 1."),
        ("desired_retention", "lots", "Desired retention must be from 0.70 to 0.99."),
        ("pass_mark", "101", "Pass mark (%) must be a whole number from 1 to 100."),
        ("pass_mark", "0", "Pass mark (%) must be a whole number from 1 to 100."),
    ],
)
def test_a_bad_scheduler_setting_is_refused_and_changes_nothing(
    client, student, field, value, message
):
    response = client.post(reverse("study-settings"), VALID | {field: value})

    assert response.status_code == 200
    assert message in response.content.decode()
    profile = StudyProfile.objects.get(user=student)
    assert (profile.scheduler, profile.desired_retention, profile.pass_mark) == (
        "sm2",
        Decimal("0.90"),
        72,
    )


def test_optimising_needs_sign_in_and_a_post(client, db):
    assert client.post(reverse("optimise-fsrs")).status_code == 302
    client.force_login(UserFactory())
    opened = client.get(reverse("optimise-fsrs"))  # the address opened: back to settings
    assert opened.status_code == 303 and opened["Location"] == reverse("study-settings")


def test_the_page_says_how_many_answers_optimising_needs(client, student):
    page = client.get(reverse("study-settings")).content.decode()

    assert "Optimising needs at least <strong>400</strong> scheduled answers" in page
    assert "you have 0" in page


def test_optimising_too_early_says_why_and_keeps_the_defaults(client, student):
    response = client.post(reverse("optimise-fsrs"), follow=True)

    assert "Optimising needs at least 400 scheduled answers; you have 0." in response.text
    assert StudyProfile.objects.get(user=student).fsrs_parameters is None


def test_optimising_shows_the_reviews_a_day_before_and_after(client, student):
    StudyProfile.objects.create(user=student, time_zone="UTC")
    section = SectionFactory()
    cards = [CardFactory(section=section, position=i) for i in range(40)]
    answer(student, cards[0], 4)
    bulk_history(student, cards, 420)

    response = client.post(reverse("optimise-fsrs"), follow=True)

    assert "Parameters fitted to your 421 scheduled answers and in use" in response.text
    assert "Predicted reviews a day over the next 30 days:" in response.text
    assert StudyProfile.objects.get(user=student).fsrs_parameters is not None
    assert "Your own parameters, fitted to your answers, are in use." in response.text
