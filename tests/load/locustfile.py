"""N learners sign in and loop review -> reveal -> answer, with an occasional undo and statistics.

Run by `make load-test` (tests/load/run.sh), never by `make test`: it needs a served site.
It refuses any host but 127.0.0.1. Each learner keeps the ids of the answers the server
accepted and undid; at the end they are written to LOAD_RESULT for check.py to compare with
the database (answers given = logs written, none twice).
"""

import json
import os
import random
import re

from locust import HttpUser, between, events, task

TOPIC = os.environ.get("LOAD_TOPIC", "aws-dva-c02")
PASSWORD = os.environ.get("LOAD_PASSWORD", "load-test-password-1")
RESULT = os.environ.get("LOAD_RESULT", "var/load-result.json")
CARD = re.compile(r'name="card" value="(\d+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
UNDO = re.compile(r'name="answer" value="(\d+)"')
HTMX = {"HX-Request": "true"}

accepted: list[int] = []
undone: list[int] = []
# Every answer sent, as (username, card id, version): one still in flight when the run stops
# may be logged without its response ever arriving; that is neither lost nor doubled.
sent: list[tuple[str, int, int]] = []
undo_sent: list[int] = []
numbers = iter(range(10**6))


@events.test_start.add_listener
def only_local(environment, **_):
    if not (environment.host or "").startswith("http://127.0.0.1:"):
        raise SystemExit(
            f"The load test runs against http://127.0.0.1 only, not {environment.host}"
        )


@events.test_stop.add_listener
def write_result(environment, **_):
    with open(RESULT, "w") as out:
        json.dump(
            {"accepted": accepted, "undone": undone, "sent": sent, "undo_sent": undo_sent}, out
        )


class Learner(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.username = f"load-{next(numbers)}"
        self.client.get("/accounts/login/", name="GET login")
        self.client.post(
            "/accounts/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="POST login",
        )
        self.csrf = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")} | HTMX

    @task(10)
    def review_reveal_answer(self) -> None:
        page = self.client.get(f"/review/{TOPIC}/", name="GET review").text
        card, version = CARD.search(page), VERSION.search(page)
        if not card:
            return  # nothing left today
        form = {"card": card.group(1), "version": version.group(1)}
        sent.append((self.username, int(card.group(1)), int(version.group(1))))
        self.client.post(
            f"/review/{TOPIC}/reveal",
            form | {"verdict": "TRUE"},
            headers=self.csrf,
            name="POST reveal",
        )
        with self.client.post(
            f"/review/{TOPIC}/answer",
            form | {"quality": random.choice([2, 4, 4, 5])},
            headers=self.csrf,
            name="POST answer",
            catch_response=True,
        ) as response:
            answer = UNDO.search(response.text)
            if response.status_code != 200 or not answer:
                response.failure(f"answer not accepted ({response.status_code})")
                return
            accepted.append(int(answer.group(1)))
        if random.random() < 0.1:
            undo_sent.append(int(answer.group(1)))
            with self.client.post(
                f"/review/{TOPIC}/undo",
                {"answer": answer.group(1)},
                headers=self.csrf,
                name="POST undo",
                catch_response=True,
            ) as response:
                if "Answer undone." in response.text:
                    undone.append(int(answer.group(1)))
                else:
                    response.failure("undo refused")

    @task(1)
    def statistics(self) -> None:
        self.client.get(f"/stats/{TOPIC}/", name="GET stats")
