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
  100k and 1M (≈ 1 % of 1M); attributes drawn from independent pseudo-random streams;
- a registration event for every inquiry, a referral row for every referral, visitor
  names from 43 surnames × 256 given names, a unit on a third, a phone on all, one of
  twenty matters; the search index follows by its triggers.
"""

from __future__ import annotations

from datetime import timedelta

SECONDS_APART = 29
OPEN_DAYS = 6
RESPONDERS = 60
CHUNK = 100_000

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
GIVEN_A = "建国志明秀英丽华文军海燕红梅晓东"
GIVEN_B = "平安华明芳军杰静敏霞峰磊洋勇艳娟"
REGIONS = "东城西城南湖北岸滨江高新老城新区港区城东江南江北湖滨山前临平云栖钱塘良渚运河拱墅"
KINDS = "建设贸易科技物流餐饮物业教育医疗"
SUFFIXES = ["有限公司", "集团", "合作社", "事务所", "中心", "研究院"]
MATTERS = [
    "咨询二手房过户需要准备哪些材料",
    "不动产权证书遗失补办",
    "社保卡申领进度查询",
    "公积金提取条件咨询",
    "营业执照经营范围变更",
    "新生儿医保参保登记",
    "失业保险金申领",
    "房屋抵押登记注销",
    "企业开办一窗通办",
    "个体工商户注销登记",
    "灵活就业人员养老保险缴费基数",
    "异地就医备案",
    "食品经营许可证延续",
    "商品房预售资金监管查询",
    "居住证办理需要哪些材料",
    "退休人员养老金调整咨询",
    "工伤认定申请材料",
    "公租房申请资格审核进度",
    "网上办税密码重置",
    "档案查询与复印",
]


# The few expressions the two databases spell differently, by vendor. ``%(name)s`` are
# bench constants filled in later; ``{name}`` the parts given to ``dialect``.
DIALECTS = {
    "postgresql": {
        "series": "generate_series(%(start)s::bigint, %(end)s::bigint) AS s(n)",
        # now − seconds (an SQL integer expression), as the column stores it
        "ago": "(%(now)s::timestamptz - ({seconds}) * interval '1 second')",
        "plus": "({at} + interval '{hours} hours')",
        # the Shanghai day of an instant as YYYYMMDD (ticket numbers are local)
        "day": "to_char({at} AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD')",
        "pad": "lpad(({expr})::text, {width}, '0')",
    },
    "sqlite": {
        "series": "(WITH RECURSIVE q(n) AS (SELECT %(start)s UNION ALL SELECT n + 1 FROM q "
        "WHERE n < %(end)s) SELECT n FROM q) AS s",
        "ago": "datetime(%(now)s, '-' || ({seconds}) || ' seconds')",
        "plus": "datetime({at}, '{hours:+d} hours')",
        "day": "strftime('%Y%m%d', {at}, '+8 hours')",
        "pad": "printf('%0{width}d', {expr})",
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


def build(size: int, org: dict, now) -> dict:
    """Tickets 1…``size`` (ids in time order), their events and referrals; the shape."""
    from django.db import connection, transaction

    vendor = connection.vendor
    k = "(s.n % 60)"  # the first responder: inquiries go round the 60 of them

    def h(multiplier: int) -> str:
        """A pseudo-random number per inquiry, one independent stream per attribute."""
        return f"((s.n * {multiplier}) % 4294967291)"

    age = f"((%(size)s - s.n) * {SECONDS_APART})"
    due = (OPEN_DAYS + 2) * 24  # hours after receipt
    received = dialect(vendor, "ago", seconds=age)

    def later(hours: int) -> str:
        return dialect(vendor, "plus", at=received, hours=hours)

    def pad(expr: str, width: int) -> str:
        return dialect(vendor, "pad", expr=expr, width=width)

    is_open_age = f"({age} <= {OPEN_DAYS * 86400})"
    fate = f"({h(2654435761)} % 9)"  # 0-2 referred, 3 received, 4 answered, else closed
    referred = f"({fate} < 3)"
    state = (
        f"(CASE WHEN NOT {is_open_age} THEN 'closed' WHEN {referred} THEN 'referred' "
        f"WHEN {fate} = 3 THEN 'received' WHEN {fate} = 4 THEN 'answered' ELSE 'closed' END)"
    )
    unit = (
        f"(CASE WHEN {h(40503)} % 3 = 0 THEN {_chars(REGIONS, h(69069) + ' % 24', 2)} || "
        f"{_chars(KINDS, h(1103515245) + ' % 8', 2)} || "
        f"{_pick(SUFFIXES, h(134775813) + ' % 6')} ELSE '' END)"
    )
    columns = {
        "number": f"{dialect(vendor, 'day', at=received)} || '-' || {pad('5000 + s.n % 5000', 4)}",
        "channel": f"(CASE WHEN {h(22695477)} % 2 = 0 THEN 'walk_in' ELSE 'phone' END)",
        "category": f"(CASE WHEN {h(214013)} % 4 = 0 THEN 'consultation' ELSE 'business' END)",
        "received_at": received,
        "updated_at": received,
        "visitor_name": f"{_chars(SURNAMES, h(1664525) + ' % 43')} || "
        f"{_chars(GIVEN_A, h(1013904223) + ' % 16')} || {_chars(GIVEN_B, h(16807) + ' % 16')}",
        "visitor_unit": unit,
        "visitor_phone": f"'139' || {pad('(s.n * 7919) % 100000000', 8)}",
        "matter": _pick(MATTERS, f"{h(48271)} % 20"),
        "first_responder_id": f"(CASE WHEN {k} = 0 THEN %(reception)s WHEN {k} = 1 "
        f"THEN %(hotline_user)s ELSE %(first_staff)s + {k} - 2 END)",
        "first_responder_department_id": f"(CASE WHEN {k} % 2 = 0 THEN %(front)s "
        "ELSE %(hotline)s END)",
        "state": state,
        "referred_department_id": f"(CASE WHEN {referred} THEN (CASE WHEN {h(65539)} % 2 = 0 "
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
        f"SELECT {', '.join(exprs)} FROM {dialect(vendor, 'series')}"
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


def describe(data: dict) -> str:
    days = data["tickets"] * SECONDS_APART / 86400
    return (
        f"{data['tickets']:,} inquiries over {days:,.1f} days (3,000 a day), "
        f"{data['open']:,} open ({data['open'] / max(data['tickets'], 1):.1%}), "
        f"{RESPONDERS} first responders"
    )
