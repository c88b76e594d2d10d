"""N learners sign in, then take turns between the floor and review -> reveal -> answer.

Run by `make load-test` (tests/load/run.sh), never by `make test`: it needs a served site.
It refuses any host but 127.0.0.1, more than MAX_USERS learners or more than MAX_SECONDS.
The phases are tests/load/phases.py's; the run ends when its plan is done (--run-time is only
the upper bound). Each learner keeps the ids of the answers the server accepted and undid,
and at the end everything goes to LOAD_RESULT for check.py.

A learner thinks LOAD_THINK seconds on average (uniformly 0.5x to 1.5x) before every request,
as someone reading a card, revealing it and grading it would: 200 learners at the default 2 s
ask for at most 100 pages a second. LOAD_THINK=0 makes every learner a busy loop, which
measures the server's capacity instead of whether it keeps up with its learners.

One locust process, with geventhttpclient (FastHttpUser): on this two-core box locust shares
the cores with gunicorn, and that client spends a fraction of the CPU per request that the
requests-based one does. Its CPU and gunicorn's are sampled per phase and reported.
"""

import json
import os
import random
import re
import time

import gevent
import psutil
from locust import FastHttpUser, constant, events, task

from tests.load.phases import FLOOR, LOOP, PLAN, Cpu, Measurement

MAX_USERS = 1000
MAX_SECONDS = 900
TOPIC = os.environ.get("LOAD_TOPIC", "aws-dva-c02")
PASSWORD = os.environ.get("LOAD_PASSWORD", "load-test-password-1")
RESULT = os.environ.get("LOAD_RESULT", "var/load-result.json")
GUNICORN_PID = os.environ.get("LOAD_GUNICORN_PID", "var/load-gunicorn.pid")
THINK = float(os.environ.get("LOAD_THINK", "2"))
WINDOW = float(os.environ.get("LOAD_WINDOW", "15"))
CARD = re.compile(r'name="card" value="(\d+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
UNDO = re.compile(r'name="answer" value="(\d+)"')
HTMX = {"HX-Request": "true"}
FLOOR_NAME = "GET floor"
SIGN_IN_NAMES = {"GET login", "POST login"}
# Once everyone has signed in, a few seconds before the first phase counts.
WARM_UP = 3.0

measurement = Measurement()
signed_in: list[str] = []
accepted: list[int] = []
undone: list[int] = []
# Every answer sent, as (username, card id, version): one still in flight when the run stops
# may be logged without its response ever arriving; that is neither lost nor doubled.
sent: list[tuple[str, int, int]] = []
undo_sent: list[int] = []
numbers = iter(range(10**6))


def cpu_now() -> Cpu:
    """CPU seconds so far of gunicorn (master, live and reaped workers), this process, the box."""
    server = 0.0
    try:
        with open(GUNICORN_PID) as pid_file:
            master = psutil.Process(int(pid_file.read()))
        times = master.cpu_times()
        server = times.user + times.system + times.children_user + times.children_system
        for worker in master.children():
            worker_times = worker.cpu_times()
            server += worker_times.user + worker_times.system
    except (OSError, ValueError, psutil.Error):
        pass  # no gunicorn to sample: its column reads 0
    client = psutil.Process().cpu_times()
    box = psutil.cpu_times()
    busy = box.user + box.nice + box.system + box.irq + box.softirq + box.steal
    return Cpu(server, client.user + client.system, busy)


def run_plan(environment) -> None:
    """Each phase of the plan, counted once the previous one has drained; then stop."""
    gevent.sleep(WARM_UP)
    for phase, windows in PLAN:
        measurement.switch(phase)
        while not measurement.drained():
            gevent.sleep(0.05)
        measurement.open(time.time(), cpu_now())
        gevent.sleep(WINDOW * windows)
        measurement.close(time.time(), cpu_now())
    environment.runner.quit()


@events.test_start.add_listener
def bounded(environment, **_):
    options = environment.parsed_options
    if not (environment.host or "").startswith("http://127.0.0.1:"):
        raise SystemExit(
            f"The load test runs against http://127.0.0.1 only, not {environment.host}"
        )
    if options is not None and not 1 <= (options.num_users or 0) <= MAX_USERS:
        raise SystemExit(f"The load test runs 1 to {MAX_USERS} learners, not {options.num_users}")
    if options is not None and not 1 <= (options.run_time or 0) <= MAX_SECONDS:
        raise SystemExit(f"The load test needs --run-time of at most {MAX_SECONDS} s")


@events.request.add_listener
def count(name, exception, response_time, **_):
    if exception is None and name not in SIGN_IN_NAMES:
        measurement.served(FLOOR if name == FLOOR_NAME else LOOP, response_time)


@events.test_stop.add_listener
def write_result(environment, **_):
    with open(RESULT, "w") as out:
        json.dump(
            {
                "users": environment.runner.target_user_count,
                "signed_in": len(signed_in),
                "failures": environment.stats.total.num_failures,
                "think_seconds": THINK,
                "plan_done": len(measurement.segments) == len(PLAN),
                "phases": measurement.summary(psutil.cpu_count()),
                "accepted": accepted,
                "undone": undone,
                "sent": sent,
                "undo_sent": undo_sent,
            },
            out,
        )


class Learner(FastHttpUser):
    wait_time = constant(0)  # the think time is before every request (think)

    def on_start(self) -> None:
        self.username = f"load-{next(numbers)}"
        self.client.get("/accounts/login/", name="GET login")
        with self.client.post(
            "/accounts/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookie("csrftoken"),
            },
            name="POST login",
            catch_response=True,
        ) as response:
            if not self.cookie("sessionid"):
                response.failure(f"{self.username} was not signed in ({response.status_code})")
                return
        self.csrf = {"X-CSRFToken": self.cookie("csrftoken")} | HTMX
        signed_in.append(self.username)
        if len(signed_in) == self.environment.runner.target_user_count:
            gevent.spawn(run_plan, self.environment)

    def cookie(self, name: str) -> str:
        return next((cookie.value for cookie in self.client.cookiejar if cookie.name == name), "")

    def think(self) -> None:
        gevent.sleep(random.uniform(0.5, 1.5) * THINK)

    def floor(self, times: int) -> None:
        """As many requests as the loop's iteration would make, each for the floor."""
        for _ in range(times):
            self.think()
            self.client.get("/benchmark/floor/", name=FLOOR_NAME)

    @task(10)
    def review_reveal_answer(self) -> None:
        undo = random.random() < 0.1
        phase = measurement.begin_iteration()
        try:
            if phase == FLOOR:
                self.floor(3 + undo)
            else:
                self.review(undo)
        finally:
            measurement.end_iteration(phase)

    @task(1)
    def statistics(self) -> None:
        phase = measurement.begin_iteration()
        try:
            if phase == FLOOR:
                self.floor(1)
            else:
                self.think()
                self.client.get(f"/stats/{TOPIC}/", name="GET stats")
        finally:
            measurement.end_iteration(phase)

    def review(self, undo: bool) -> None:
        self.think()
        page = self.client.get(f"/review/{TOPIC}/", name="GET review").text or ""
        card, version = CARD.search(page), VERSION.search(page)
        if not card:
            return  # nothing left today
        form = {"card": card.group(1), "version": version.group(1)}
        sent.append((self.username, int(card.group(1)), int(version.group(1))))
        self.think()
        self.client.post(
            f"/review/{TOPIC}/reveal",
            form | {"verdict": "TRUE"},
            headers=self.csrf,
            name="POST reveal",
        )
        self.think()
        with self.client.post(
            f"/review/{TOPIC}/answer",
            form | {"quality": random.choice([2, 4, 4, 5])},
            headers=self.csrf,
            name="POST answer",
            catch_response=True,
        ) as response:
            answer = UNDO.search(response.text or "")
            if response.status_code != 200 or not answer:
                response.failure(f"answer not accepted ({response.status_code})")
                return
            accepted.append(int(answer.group(1)))
        if not undo:
            return
        undo_sent.append(int(answer.group(1)))
        self.think()
        with self.client.post(
            f"/review/{TOPIC}/undo",
            {"answer": answer.group(1)},
            headers=self.csrf,
            name="POST undo",
            catch_response=True,
        ) as response:
            if "Answer undone." in (response.text or ""):
                undone.append(int(answer.group(1)))
            else:
                response.failure("undo refused")
