"""Forbidden phrases: variants in anything staff wrote are caught, ordinary text is not,
and the visitor's own words are never held against staff."""

from __future__ import annotations

import pytest

from firstask.inspection.models import ForbiddenPhrase
from firstask.inspection.phrases import PhraseMatcher
from firstask.inspection.selectors import audit_day
from firstask.tickets.choices import AnswerKind, ReturnReason
from tests.inspection.conftest import DAY, on
from tests.tickets.conftest import act, follow_up, register


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("不知道", "不知道"),
        ("这个我不知道。", "不知道"),
        ("不 知 道", "不知道"),
        ("不　知　道", "不知道"),  # ideographic spaces
        ("不，知，道", "不知道"),  # spelled out with commas
        ("不知\u200b道", "不知道"),  # zero-width space
        ("不-归我管", "不归我管"),
        ("这不归我管", "不归我管"),
        ("不歸我管", "不归我管"),  # traditional characters
        ("實在沒辦法", "没办法"),
        ("没_办_法", "没办法"),
        ("这事我不管", "我不管"),
        ("ＯＫ，我不管", "我不管"),  # full-width letters around it
    ],
)
def test_variants_are_caught(text, phrase):
    assert [hit.phrase for hit in PhraseMatcher().find(text)] == [phrase]


@pytest.mark.parametrize(
    "text",
    [
        "我们清楚地告知了办理流程",
        "已向来访人讲清楚政策",
        "他说不。知道了就好，我们再核对一遍",  # a sentence ends between 不 and 知道
        "具体情况不清楚，已核实后再答复",  # 001 §4.4: not a forbidden phrase
        "对不对？清楚吗",
        "已帮助其办理法律援助，没办法律障碍",  # 没办法律 is an allowed longer word
        "还没办法人登记，已告知流程",
        "已当场答复，来访人满意",
        "",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert PhraseMatcher().find(text) == []


def test_managers_phrases_and_exceptions_count():
    matcher = PhraseMatcher([("找别人去", ""), ("办不了", "办不了解")])
    assert [h.phrase for h in matcher.find("这个办不了，找 别人 去吧")] == ["找别人去", "办不了"]
    assert matcher.find("办不了解的事项请咨询窗口") == []


@pytest.mark.django_db
def test_the_seeded_list_is_editable_and_the_four_stay(receptionist):
    seeded = set(ForbiddenPhrase.objects.values_list("phrase", flat=True))
    assert {"不知道", "不归我管", "没办法", "我不管"} <= seeded
    assert not ForbiddenPhrase.objects.get(phrase="不清楚").is_active
    ForbiddenPhrase.objects.filter(phrase="不知道").update(is_active=False)
    ForbiddenPhrase.objects.create(phrase="下班了")
    with on(0, "09:00"):
        a = register(receptionist)
        act(a, "answer", receptionist, kind=AnswerKind.NOT_PERMITTED, text="下 班 了，明天来")
        b = register(receptionist)
        act(b, "answer", receptionist, kind=AnswerKind.NOT_PERMITTED, text="我也不知道")
    flagged = {f.ticket_id for f in audit_day(DAY).flags if f.rule == "forbidden_phrase"}
    assert flagged == {a.pk, b.pk}  # a deactivated built-in phrase is still checked


@pytest.mark.django_db
def test_every_kind_of_staff_text_is_scanned_but_not_the_visitors_matter(
    receptionist, handler, realestate
):
    with on(0, "09:00"):
        quoted = register(receptionist, matter="来访人投诉：“窗口说不知道、不归我管”")
        act(quoted, "answer", receptionist, kind=AnswerKind.NOT_PERMITTED, text="已解释政策依据")
        answer = register(receptionist)
        act(
            answer,
            "answer",
            receptionist,
            kind=AnswerKind.MATERIALS_MISSING,
            text="请补齐材料",
            missing_items=["身份证", "不知道的材料以窗口为准"],
        )
        summary = register(receptionist)
        act(
            summary,
            "refer",
            receptionist,
            department=realestate,
            handler=None,
            summary="来访人问的我不知道，转给你们",
        )
        suggestion = register(receptionist)
        act(
            suggestion,
            "refer",
            receptionist,
            department=realestate,
            handler=None,
            summary="二手房过户",
            suggestion="我们没办法，请你们处理",
        )
        returned = register(receptionist)
        act(returned, "refer", receptionist, department=realestate, handler=None, summary="过户")
        progress = register(receptionist)
        act(progress, "refer", receptionist, department=realestate, handler=None, summary="过户")
        result = register(receptionist)
        act(result, "refer", receptionist, department=realestate, handler=None, summary="过户")
        remark = register(receptionist)
        act(remark, "answer", receptionist, kind=AnswerKind.ON_THE_SPOT, text="已答复")
        void = register(receptionist)
    with on(0, "10:00"):
        act(returned, "return_referral", handler, reason=ReturnReason.NOT_OURS, note="不归我管")
        act(progress, "sign_for", handler)
        act(progress, "post_progress", handler, note="我 不 管 进展")
        act(result, "sign_for", handler)
        act(result, "record_result", handler, result="没办法办理")
        follow_up(remark, receptionist, remarks="他说不知道结果")
        act(void, "void", receptionist, reason="重复登记，不知道谁录的")
    flags = {f.ticket_id: f for f in audit_day(DAY).flags if f.rule == "forbidden_phrase"}
    expected = {answer, summary, suggestion, returned, progress, result, remark, void}
    assert set(flags) == {t.pk for t in expected}
    assert flags[progress.pk].staff_id == handler.pk  # the writer answers for the wording
    assert flags[progress.pk].event_id == progress.events.get(kind="progress").pk
