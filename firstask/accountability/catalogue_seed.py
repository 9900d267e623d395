"""The default catalogues: sanctions and rule items as the rules of 首问责任制 name them.

Data, not interface text: the organisation's own words for its sanctions and rules,
kept in Chinese as the rules are written; managers edit them in the admin afterwards.
Used by migration 0002 and by tests that need a fresh catalogue.

``source`` is left empty: it is where the *organisation's own* rules say the item (an
article number its staff know), which only the organisation can fill in. Where each
default comes from is in docs/domain.md#catalogue, not in what users see.
"""

from __future__ import annotations

# code, name, severity, efficiency warning, public criticism, referred on, source
SANCTIONS = [
    ("talk_warning", "谈话告诫", 10, False, False, False, ""),
    ("criticism_education", "批评教育", 20, False, False, False, ""),
    ("warning_reminder", "警示提醒", 25, False, False, False, ""),
    ("admonition", "诫勉教育", 30, False, False, False, ""),
    ("admonition_supervision", "诫勉督导", 35, False, False, False, ""),
    ("order_correction", "责令纠错", 40, False, False, False, ""),
    ("efficiency_warning", "效能告诫", 50, True, False, False, ""),
    ("public_criticism", "通报批评", 60, False, True, False, ""),
    ("bonus_deduction", "扣发奖金", 70, False, False, False, ""),
    ("disciplinary", "纪律处分（移送）", 90, False, False, True, ""),
]

# code, title, source, default sanction, section head, supervising leader, audit flags
RULE_ITEMS = [
    (
        "no_self_introduction",
        "未向来访者告知自己的姓名、职责和联系电话",
        "",
        "admonition",
        False,
        False,
        "",
    ),
    (
        "not_registered",
        "未认真听取来人（来电）的意见、要求和投诉举报，未做好登记和记录",
        "",
        "efficiency_warning",
        False,
        False,
        "incomplete_registration",
    ),
    (
        "not_handled_in_time",
        "职责范围内的事项未按规定及时处理",
        "",
        "efficiency_warning",
        True,
        False,
        "answer_overdue,handling_overdue,sign_for_late,no_progress",
    ),
    (
        "no_one_time_explanation",
        "不能当场办理，未向当事人一次性解释清楚如何办理",
        "",
        "admonition",
        False,
        False,
        "repeat_visit",
    ),
    (
        "no_guidance",
        "不属职责范围，未将当事人指引到负责同志处或未作必要解释和记录",
        "",
        "admonition",
        False,
        False,
        "referral_without_note,returned_referral",
    ),
    (
        "forbidden_phrase",
        "使用“不知道”“不归我管”等服务禁语或简单生硬语言敷衍塞责",
        "",
        "admonition",
        False,
        False,
        "forbidden_phrase",
    ),
    (
        "requirement_not_met",
        "未做到首问责任要求，尚未造成不良后果",
        "",
        "talk_warning",
        False,
        False,
        "closed_without_follow_up,dissatisfied",
    ),
    (
        "deflection_with_harm",
        "接待推诿或刁难群众，产生不良后果",
        "",
        "criticism_education",
        True,
        True,
        "",
    ),
    (
        "unit_not_implemented",
        "单位未实行首问责任制（党政主要领导）",
        "",
        "admonition",
        True,
        True,
        "",
    ),
]
