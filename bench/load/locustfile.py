"""Desk scenarios against a running firstask (see bench/loadtest, which starts gunicorn).

- Registrar: the counter and the phone line register inquiries, a third answered on
  the spot (one request: register + answer + follow-up + close).
- Lifecycle: register → refer to 不动产登记科 → the handler signs for and records the
  result → the first responder follows up (satisfied) and closes.
- Racer: a referral, then 20 sessions of the handler press "sign for" at once with the
  version they saw: exactly one must win, nineteen must hear "already handled".
- Reader: worklists, search, ticket pages, inbox, directory, inspection day — read
  while all the writes above go on.

Every response is counted by status code (bench/load/stats.py); anything 5xx, or a
race without exactly one winner, is a failure. Demo logins (password firstask-demo).
"""

from __future__ import annotations

import os
import random
import re
import sys
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from locust.clients import HttpSession
from urllib3.util.retry import Retry

sys.path.insert(0, str(Path(__file__).resolve().parent))

from forms import form_posting_to
from stats import STATS

PASSWORD = "firstask-demo"
RACERS = 20
CONFLICT = "该事项已被他人处理"
DONE = "操作完成"
NUMBER = re.compile(r"/tickets/(\d{8}-\d{4,})/")
MATTERS = [
    "咨询二手房过户需要准备哪些材料",
    "询问社保卡补办流程",
    "反映小区物业收费问题",
    "咨询不动产登记证明打印",
    "询问公积金提取条件",
]

events.request.add_listener(STATS.on_request)


@events.quitting.add_listener
def _dump_stats(environment, **_kwargs):
    target = os.environ.get("FIRSTASK_LOAD_STATS")
    if target:
        STATS.dump(Path(target))


def login(client, username: str) -> None:
    page = client.get("/login/", name="/login/")
    form = form_posting_to(page.text, "") or {"fields": {}}
    data = {**form["fields"], "username": username, "password": PASSWORD}
    with client.post(
        "/login/", data=data, name="/login/ POST", allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code != 302:
            response.failure(f"login of {username} answered {response.status_code}")


def browser_like(session: HttpSession) -> HttpSession:
    """Retry a GET once when a reused keep-alive connection turns out dead, as browsers
    do (a killed worker takes its idle connections with it); never a POST."""
    retry = Retry(total=1, connect=1, read=1, status=0, other=0, allowed_methods={"GET"})
    session.get_adapter("http://").max_retries = retry
    return session


def new_session(user: HttpUser) -> HttpSession:
    events_ = user.environment.events
    return browser_like(HttpSession(base_url=user.host, request_event=events_.request, user=user))


def post_form(client, page_url: str, fragment: str, overrides: dict, name: str):
    """Load ``page_url``, fill the form posting to ``fragment`` and submit it (no redirect
    follow). Returns the response, or None when the page offers no such form."""
    page = client.get(page_url, name=name + " page")
    form = form_posting_to(page.text, fragment)
    if form is None:
        return None
    extra = overrides(form) if callable(overrides) else overrides
    data = {**form["fields"], **{_field(form, key): value for key, value in extra.items()}}
    return client.post(form["action"], data=data, name=name, allow_redirects=False)


def _field(form: dict, name: str) -> str:
    """The form's own name for ``name``: action forms carry a prefix (``refer-summary``)."""
    names = list(form["fields"]) + list(form["options"])
    found = next((n for n in names if n == name or n.endswith(f"-{name}")), None)
    if found:
        return found
    # An unchecked radio group is not among the fields: use the form's prefix.
    prefix = next((n[: -len("version")] for n in names if n.endswith("-version")), "")
    return prefix + name


def register(client, *, on_the_spot: bool = False) -> str | None:
    matter = random.choice(MATTERS)
    overrides = {
        "visitor_name": random.choice(["李明", "王芳", "张伟", "刘洋"]),
        "visitor_phone": f"138{random.randint(0, 99_999_999):08d}",
        "category": "consultation",
        "matter": matter,
    }
    if on_the_spot:
        overrides |= {"finish_on_the_spot": "on", "answer_text": "已当场告知办理流程"}
    response = post_form(client, "/tickets/new/", "/tickets/new/", overrides, "register")
    if response is None or response.status_code != 302:
        return None
    found = NUMBER.search(response.headers.get("Location", ""))
    return found.group(1) if found else None


def act(client, number: str, action: str, overrides=None, name: str | None = None):
    return post_form(
        client,
        f"/tickets/{number}/",
        f"/act/{action}/",
        overrides or {},
        name or f"act {action}",
    )


def moved(response) -> bool:
    return response is not None and response.status_code == 302


def pick_department(form: dict) -> dict:
    """Refer to the demo's 不动产登记科, where the demo handler works."""
    options = form["options"].get(_field(form, "department"), [])
    chosen = next((v for v, label in options if "不动产" in label), "")
    return {"department": chosen, "summary": "请按材料清单办理"}


class Registrar(HttpUser):
    weight = 3
    wait_time = between(0.2, 1.0)

    def on_start(self):
        browser_like(self.client)
        login(self.client, random.choice(["reception", "hotline"]))

    @task(2)
    def register_walk_in(self):
        register(self.client)

    @task(1)
    def register_answered_on_the_spot(self):
        register(self.client, on_the_spot=True)


class Lifecycle(HttpUser):
    weight = 2
    wait_time = between(0.2, 1.0)

    def on_start(self):
        browser_like(self.client)
        login(self.client, "reception")
        self.handler = new_session(self)
        login(self.handler, "handler")

    @task
    def full_lifecycle(self):
        number = register(self.client)
        if not number:
            return
        steps = [
            (self.client, "refer", pick_department),
            (self.handler, "sign_for", {}),
            (self.handler, "post_progress", {"note": "已调取档案"}),
            (self.handler, "record_result", {"result": "已按规定办结"}),
            (self.client, "follow_up", {"method": "phone", "satisfaction": "satisfied"}),
            (self.client, "close", {}),
        ]
        for session, action, overrides in steps:
            if not moved(act(session, number, action, overrides)):
                return  # a step lost (e.g. on a killed worker): this visitor's story ends
        self.client.get(f"/tickets/{number}/", name="ticket page")


class Racer(HttpUser):
    fixed_count = 2  # two racing desks whatever the user count
    wait_time = between(1.0, 2.0)

    def on_start(self):
        browser_like(self.client)
        login(self.client, "reception")
        handler = new_session(self)
        login(handler, "handler")
        # Twenty browser tabs of the handler: one login, its cookies in twenty jars (each
        # tab keeps its own messages cookie, so each sees its own outcome).
        self.sessions = [new_session(self) for _ in range(RACERS)]
        for session in self.sessions:
            session.cookies.update(handler.cookies)

    @task
    def twenty_sign_fors_at_once(self):
        number = register(self.client)
        if not number:
            return
        if not moved(act(self.client, number, "refer", pick_department)):
            return
        # Everyone loads the page first (same version), then all submit together.
        forms = []
        for session in self.sessions:
            page = session.get(f"/tickets/{number}/", name="race page")
            forms.append(form_posting_to(page.text, "/act/sign_for/"))
        if any(f is None for f in forms):
            return  # a page load was lost: no race to judge
        start = gevent.event.Event()

        def press(session, form):
            start.wait()
            response = session.post(form["action"], data=form["fields"], name="race sign_for")
            return response.text

        jobs = [gevent.spawn(press, s, f) for s, f in zip(self.sessions, forms, strict=True)]
        start.set()
        gevent.joinall(jobs, timeout=60)
        texts = [job.value or "" for job in jobs]
        winners = sum(DONE in text for text in texts)
        losers = sum(CONFLICT in text for text in texts)
        STATS.race(number, winners=winners, losers=losers)


class Reader(HttpUser):
    weight = 3
    wait_time = between(0.1, 0.5)

    def on_start(self):
        self.username = random.choice(["inspector", "manager", "head", "leader"])
        browser_like(self.client)
        login(self.client, self.username)
        self.numbers: list[str] = []

    @task(3)
    def worklists(self):
        for url in ("/tickets/", "/tickets/department/", "/tickets/follow-up/"):
            page = self.client.get(url, name=url)
            self.numbers = NUMBER.findall(page.text)[:20] or self.numbers

    @task(2)
    def ticket_page(self):
        if self.numbers:
            self.client.get(f"/tickets/{random.choice(self.numbers)}/", name="ticket page")

    @task(1)
    def search(self):
        self.client.get("/tickets/search/?q=李", name="/tickets/search/")

    @task(1)
    def elsewhere(self):
        for url in ("/inbox/", "/directory/", "/inspection/", "/healthz"):
            self.client.get(url, name=url)
