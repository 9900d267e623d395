"""A city centre's data, built in SQL: a steady 3,000 inquiries a day, history to N.

Rows are made by the database itself (``INSERT … SELECT`` over a number series:
``generate_series`` on PostgreSQL, a recursive CTE on SQLite), a few statements per
100,000 tickets, so a million takes a minute or two rather than an hour of Python.
The shape, whatever N:

- one inquiry every 29 seconds (≈ 2,980 a day), the newest one now, N of them going
  back N × 29 s (10k: 3.4 days, 100k: 34 days, 1M: 336 days);
- 60 first responders (the demo ``reception`` and ``hotline`` among them) at two
  desks, so a person's history is 1/60 of the whole;
- a third referred (half of them to the demo handler's department); of the last
  ``OPEN_DAYS`` days the referred, a ninth received and a ninth answered awaiting a
  call back are open, everything else and everything older closed: ≈ 10,000 open at
  100k and 1M (≈ 1 % of 1M);
- attributes drawn by weight from independent pseudo-random streams (``stream``: a hash
  of the inquiry's number, mixed at every size and for every first responder): visitor
  names from 64 surname slots (王 8 of them) × 32 whole given names, a unit on half (有限
  公司 in 5 of 8), a phone of its own on all, one of 40 matter slots (公积金 in 12);
- a registration event for every inquiry, a referral row for every referral; the search
  index follows by its triggers.
"""

from __future__ import annotations

from datetime import timedelta

SECONDS_APART = 29
OPEN_DAYS = 6
RESPONDERS = 60
CHUNK = 100_000

# Drawn by weight, as a centre's visitors and business come: a pool with repeats.
# Surnames: the common ones often (王 1 in 8, 李, 张, 刘 …), 64 slots.
SURNAMES = (
    "王王王王王王王王李李李李李李李张张张张张张刘刘刘刘刘陈陈陈陈杨杨"
    "杨黄黄赵赵吴吴周周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖"
)
# Given names whole, as parents choose them (so 建平 is one name, not two draws).
GIVEN = (
    "建国建平建华建军志明志强秀英秀兰丽华丽娟文军文杰海燕海峰红梅红霞"
    "晓东晓燕国强国平玉兰桂英明华春梅德明永红金凤淑珍立新小平美玲俊杰"
)
REGIONS = "东城西城南湖北岸滨江高新老城新区港区城东江南江北湖滨山前临平云栖钱塘良渚运河拱墅"
KINDS = "建设贸易科技物流餐饮物业教育医疗"
SUFFIXES = ["有限公司"] * 3 + ["股份有限公司", "集团有限公司", "合作社", "事务所", "中心"]
# The business of a centre: the housing fund most of all (12 of 40), then the rest.
MATTERS = (
    ["公积金提取条件咨询"] * 5
    + ["公积金贷款额度查询"] * 4
    + ["公积金缴存证明开具"] * 3
    + ["咨询二手房过户需要准备哪些材料"] * 3
    + ["不动产权证书遗失补办"] * 3
    + ["社保卡申领进度查询"] * 3
    + ["营业执照经营范围变更"] * 3
    + ["居住证办理需要哪些材料"] * 2
    + [
        "新生儿医保参保登记",
        "失业保险金申领",
        "房屋抵押登记注销",
        "企业开办一窗通办",
        "个体工商户注销登记",
        "灵活就业人员养老保险缴费基数",
        "异地就医备案",
        "食品经营许可证延续",
        "商品房预售资金监管查询",
        "退休人员养老金调整咨询",
        "工伤认定申请材料",
        "公租房申请资格审核进度",
        "网上办税密码重置",
        "档案查询与复印",
    ]
)
# The attributes drawn per inquiry, each from a stream of its own: name → choices.
STREAMS = {
    "fate": 9,  # 0-2 referred, 3 received, 4 answered, else closed
    "department": 2,  # of a referral: the demo handler's or the other
    "channel": 2,
    "category": 4,
    "has_unit": 2,
    "region": len(REGIONS) // 2,
    "kind": len(KINDS) // 2,
    "suffix": len(SUFFIXES),
    "surname": len(SURNAMES),
    "given": len(GIVEN) // 2,
    "matter": len(MATTERS),
}
P = 2_147_483_647  # 2³¹ − 1, prime: a product of two residues fits in 63 bits


def stream(n: str, salt: int, choices: int) -> str:
    """The SQL of a pseudo-random choice in [0, ``choices``) for inquiry ``n``, one
    independent stream per ``salt``, well mixed at every size and in every residue of n
    (the first responder is n mod 60).

    A quadratic map of n modulo a prime, then a quadratic map of that, and the choice
    from the high end (× choices ÷ P): low residues of a product with a small
    multiplier (the first shape: ``n × 48271 mod p``) do not wrap below n ≈ 89,000, so
    every 60th inquiry — one person's — had the same matter there."""

    def quadratic(x: str, salt: int) -> str:
        a, b, c = ((salt * m + k) % P for m, k in _MIX)
        return f"(({x}) * ((({x}) * {a} + {b}) % {P}) + {c}) % {P}"

    return f"({quadratic(quadratic(n, salt), salt + 1000)} * {choices} / {P})"


_MIX = ((0x9E3779B1, 0x7F4A7C15), (0x85EBCA6B, 0x2545F491), (0xC2B2AE35, 0x165667B1))


def choice(n: int, name: str) -> int:
    """``stream`` in Python: inquiry ``n``'s draw of attribute ``name`` (tests, checks)."""
    salt = list(STREAMS).index(name) + 1

    def quadratic(x: int, salt: int) -> int:
        a, b, c = ((salt * m + k) % P for m, k in _MIX)
        return (x * ((x * a + b) % P) + c) % P

    return quadratic(quadratic(n, salt), salt + 1000) * STREAMS[name] // P


# The few expressions the two databases spell differently, by vendor. ``%(name)s`` are
# bench constants filled in later; ``{name}`` the parts given to ``dialect``.
DIALECTS = {
    "postgresql": {
        "series": "generate_series(%(start)s::bigint, %(end)s::bigint) AS {alias}(n)",
        # now − seconds (an SQL integer expression), as the column stores it
        "ago": "(%(now)s::timestamptz - ({seconds}) * interval '1 second')",
        "plus": "({at} + interval '{hours} hours')",
        # the Shanghai day of an instant as YYYYMMDD (ticket numbers are local)
        "day": "to_char({at} AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD')",
        "pad": "lpad(({expr})::text, {width}, '0')",
        "fence": "OFFSET 0",
    },
    "sqlite": {
        "series": "(WITH RECURSIVE r(n) AS (SELECT %(start)s UNION ALL SELECT n + 1 FROM r "
        "WHERE n < %(end)s) SELECT n FROM r) AS {alias}",
        "ago": "datetime(%(now)s, '-' || ({seconds}) || ' seconds')",
        "plus": "datetime({at}, '{hours:+d} hours')",
        "day": "strftime('%Y%m%d', {at}, '+8 hours')",
        "pad": "printf('%0{width}d', {expr})",
        "fence": "LIMIT -1 OFFSET 0",
    },
}


def dialect(vendor: str, name: str, **parts) -> str:
    """The ``name`` expression in ``vendor``'s SQL, with ``parts`` put in."""
    return DIALECTS[vendor][name].format(**parts)


def _pick(options: list[str], index: str) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(options))
    return f"(CASE {index} {whens} END)"


def _chars(pool: str, index: str, width: int = 1) -> str:
    return f"substr('{pool}', CAST(({index}) * {width} + 1 AS INTEGER), {width})"


def people() -> dict:
    """The demo organisation plus 58 more first responders at the two desks."""
    from django.contrib.auth import get_user_model

    from firstask.org.demo import load_organisation
    from firstask.org.models import Department, StaffProfile

    load_organisation()
    User = get_user_model()
    by_name = {u.username: u for u in User.objects.select_related("profile")}
    front = Department.objects.get(code="front")
    hotline = Department.objects.get(code="hotline")
    staff = []
    for k in range(2, RESPONDERS):
        user = User.objects.create(username=f"desk{k:02d}", last_name="员", first_name=f"{k}")
        StaffProfile.objects.create(
            user=user, department=front if k % 2 == 0 else hotline, post="窗口"
        )
        staff.append(user.pk)
    assert staff == list(range(staff[0], staff[0] + len(staff))), "ids not consecutive"
    assert by_name["reception"].profile.department_id == front.pk
    assert by_name["hotline"].profile.department_id == hotline.pk
    return {
        "users": by_name,
        "first_staff": staff[0],
        "front": front.pk,
        "hotline": hotline.pk,
        "realestate": Department.objects.get(code="realestate").pk,
        "social": Department.objects.get(code="social").pk,
    }


def draws(vendor: str) -> str:
    """The number series as ``s``: n and every stream's draw (``STREAMS``) per row,
    computed once (the fence — an OFFSET — keeps either planner from copying the
    expressions into each use: the fate alone is read twenty times a row)."""
    picks = ", ".join(
        f"{stream('q.n', salt, choices)} AS {name}"
        for salt, (name, choices) in enumerate(STREAMS.items(), start=1)
    )
    series = dialect(vendor, "series", alias="q")
    return f"(SELECT q.n AS n, {picks} FROM {series} {dialect(vendor, 'fence')}) AS s"


def build(size: int, org: dict, now) -> dict:
    """Tickets 1…``size`` (ids in time order), their events and referrals; the shape."""
    from django.db import connection, transaction

    vendor = connection.vendor
    k = "(s.n % 60)"  # the first responder: inquiries go round the 60 of them

    def h(name: str) -> str:
        """Inquiry n's draw of ``name`` (``STREAMS``), computed once per row below."""
        return f"s.{name}"

    age = f"((%(size)s - s.n) * {SECONDS_APART})"
    due = (OPEN_DAYS + 2) * 24  # hours after receipt
    received = dialect(vendor, "ago", seconds=age)

    def later(hours: int) -> str:
        return dialect(vendor, "plus", at=received, hours=hours)

    def pad(expr: str, width: int) -> str:
        return dialect(vendor, "pad", expr=expr, width=width)

    is_open_age = f"({age} <= {OPEN_DAYS * 86400})"
    fate = h("fate")  # 0-2 referred, 3 received, 4 answered, else closed
    referred = f"({fate} < 3)"
    state = (
        f"(CASE WHEN NOT {is_open_age} THEN 'closed' WHEN {referred} THEN 'referred' "
        f"WHEN {fate} = 3 THEN 'received' WHEN {fate} = 4 THEN 'answered' ELSE 'closed' END)"
    )
    unit = (
        f"(CASE WHEN {h('has_unit')} = 0 THEN {_chars(REGIONS, h('region'), 2)} || "
        f"{_chars(KINDS, h('kind'), 2)} || {_pick(SUFFIXES, h('suffix'))} ELSE '' END)"
    )
    columns = {
        "number": f"{dialect(vendor, 'day', at=received)} || '-' || {pad('5000 + s.n % 5000', 4)}",
        "channel": f"(CASE WHEN {h('channel')} = 0 THEN 'walk_in' ELSE 'phone' END)",
        "category": f"(CASE WHEN {h('category')} = 0 THEN 'consultation' ELSE 'business' END)",
        "received_at": received,
        "updated_at": received,
        "visitor_name": f"{_chars(SURNAMES, h('surname'))} || {_chars(GIVEN, h('given'), 2)}",
        "visitor_unit": unit,
        # 7919 is prime to 10⁸: every inquiry has a phone of its own
        "visitor_phone": f"'139' || {pad('(s.n * 7919) % 100000000', 8)}",
        "matter": _pick(MATTERS, h("matter")),
        "first_responder_id": f"(CASE WHEN {k} = 0 THEN %(reception)s WHEN {k} = 1 "
        f"THEN %(hotline_user)s ELSE %(first_staff)s + {k} - 2 END)",
        "first_responder_department_id": f"(CASE WHEN {k} % 2 = 0 THEN %(front)s "
        "ELSE %(hotline)s END)",
        "state": state,
        "referred_department_id": f"(CASE WHEN {referred} THEN (CASE WHEN {h('department')} = 0 "
        "THEN %(realestate)s ELSE %(social)s END) END)",
        "referred_at": f"(CASE WHEN {referred} THEN {received} END)",
        "referral_count": f"(CASE WHEN {referred} THEN 1 ELSE 0 END)",
        "answered_at": f"(CASE WHEN NOT {referred} THEN {received} END)",
        "closed_at": f"(CASE WHEN {state} = 'closed' THEN {later(24)} END)",
        # Nothing is due by itself (the sweep bench makes its own due set): the open
        # window is shorter than the deadline.
        "due_at": f"(CASE WHEN {state} <> 'closed' THEN {later(due)} END)",
        "due_soon_at": f"(CASE WHEN {state} <> 'closed' THEN {later(due - 4)} END)",
        "next_warning_at": f"(CASE WHEN {state} <> 'closed' THEN {later(due - 4)} END)",
    }
    params = {
        "now": _db_instant(now),
        "size": size,
        "reception": org["users"]["reception"].pk,
        "hotline_user": org["users"]["hotline"].pk,
        "first_staff": org["first_staff"],
        "front": org["front"],
        "hotline": org["hotline"],
        "realestate": org["realestate"],
        "social": org["social"],
    }
    from firstask.tickets.models import Ticket

    names, exprs, defaults = _all_columns(Ticket, columns)
    insert = (
        f"INSERT INTO tickets_ticket ({', '.join(names)}) "
        f"SELECT {', '.join(exprs)} FROM {draws(vendor)}"
    )
    # Every value is a bench constant spelled into the SQL (no bound parameters, so the
    # SQL's own % — modulo, strftime — stays as it is): escape it, keep %(name)s.
    insert = insert.replace("%", "%%").replace("%%(", "%(")
    with connection.cursor() as cursor:
        for start in range(1, size + 1, CHUNK):
            end = min(size, start + CHUNK - 1)
            values = {key: _lit(value) for key, value in params.items()}
            sql = insert % {**values, **defaults, "start": start, "end": end}
            with transaction.atomic():
                cursor.execute(sql)
                cursor.execute(
                    "INSERT INTO tickets_ticketevent (ticket_id, kind, actor_id, at, from_state,"
                    " to_state, note, data) SELECT id, 'registered', first_responder_id,"
                    " received_at, '', 'received', '', '{}' FROM tickets_ticket"
                    " WHERE id BETWEEN %s AND %s",
                    [start, end],
                )
                cursor.execute(
                    "INSERT INTO tickets_referral (ticket_id, department_id, referred_by_id,"
                    " referred_at, summary, suggestion, via_general_office, return_reason,"
                    " return_note, result) SELECT id, referred_department_id,"
                    " first_responder_id, received_at, matter, '', FALSE, '', '', ''"
                    " FROM tickets_ticket WHERE referred_department_id IS NOT NULL"
                    " AND id BETWEEN %s AND %s",
                    [start, end],
                )
    return summary()


def _lit(value) -> str:
    """A literal for the few bench constants (numbers and one instant), never input."""
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _db_instant(now) -> str:
    """``now`` (whole seconds) as the database stores instants: UTC, no offset on SQLite."""
    from datetime import UTC

    from django.db import connection

    now = now.astimezone(UTC).replace(microsecond=0)
    if connection.vendor == "postgresql":
        return now.isoformat()
    return now.replace(tzinfo=None).isoformat(sep=" ")


def _all_columns(model, given: dict[str, str]):
    """Every column of ``model`` but the id: the given expression, else its default."""
    from django.db import connection

    names, exprs, defaults = [], [], {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(field.column)
        if field.column in given or field.name in given:
            exprs.append(given.get(field.column, given.get(field.name)))
            continue
        default = field.get_default()
        if default is None:
            exprs.append("NULL")
            continue
        value = field.get_db_prep_save(default, connection)
        key = f"default_{field.column}"
        defaults[key] = "TRUE" if value is True else "FALSE" if value is False else _lit(value)
        if isinstance(value, str):
            defaults[key] = _lit(value)
        exprs.append(f"%({key})s")
    return names, exprs, defaults


def summary() -> dict:
    from firstask.tickets.models import OPEN_STATES, Ticket

    return {
        "tickets": Ticket.objects.count(),
        "open": Ticket.objects.filter(state__in=OPEN_STATES).count(),
    }


def make_due(count: int, now) -> int:
    """Bring the warning of the newest ``count`` open inquiries to an hour ago."""
    from firstask.tickets.models import OPEN_STATES, Ticket

    ids = list(
        Ticket.objects.filter(state__in=OPEN_STATES)
        .order_by("-pk")
        .values_list("pk", flat=True)[:count]
    )
    return Ticket.objects.filter(pk__in=ids).update(
        due_at=now - timedelta(hours=1),
        due_soon_at=now - timedelta(hours=5),
        next_warning_at=now - timedelta(hours=1),
    )


def warm_up_sweep() -> tuple[object, float, float]:
    """Pay, untimed, what a running worker has already paid: the calendar and policies
    cached, and one sweep of a batch per lane (``SWEEP_LANES``; SQLite sweeps them on
    one connection) — every statement compiled, each lane's read too, the indexes read.
    Returns the sweep's result and its wall and CPU milliseconds (this process's)."""
    import time

    from django.conf import settings
    from django.utils import timezone

    from firstask.notify.sweep import BATCH_SIZE, sweep_warnings
    from firstask.workdays.selectors import policy_for, work_calendar

    work_calendar(), policy_for("business", "normal")
    now = timezone.now()
    make_due(BATCH_SIZE * max(1, settings.SWEEP_LANES), now)
    started, cpu = time.perf_counter(), time.process_time()
    result = sweep_warnings(now)
    return result, (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def describe(data: dict) -> str:
    days = data["tickets"] * SECONDS_APART / 86400
    return (
        f"{data['tickets']:,} inquiries over {days:,.1f} days (3,000 a day), "
        f"{data['open']:,} open ({data['open'] / max(data['tickets'], 1):.1%}), "
        f"{RESPONDERS} first responders"
    )
