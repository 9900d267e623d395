"""search_directory / search_templates: Chinese substrings, pinyin, keywords, agencies,
ranking, and a query count that does not grow with the directory."""

from __future__ import annotations

import pytest

from firstask.directory.models import Matter, MatterMaterial
from firstask.directory.search import reindex
from firstask.directory.selectors import search_directory, search_templates
from firstask.directory.text import build_search_text, pinyin_forms, split_keywords
from tests.directory.factories import AnswerTemplateFactory, MatterFactory

pytestmark = pytest.mark.django_db


def names(hits) -> list[str]:
    return [hit.name for hit in hits]


def test_pinyin_forms_give_initials_and_full_pinyin():
    assert pinyin_forms("不动产登记") == ("bdcdj", "budongchandengji")
    assert pinyin_forms("12345热线") == ("12345rx", "12345rexian")


def test_keywords_split_on_chinese_and_latin_separators():
    assert split_keywords("过户，二手房、存量房;买卖  过户") == ["过户", "二手房", "存量房", "买卖"]


def test_search_text_is_kept_up_to_date_on_save(transfer):
    assert "|^ershoufangzhuanyidengji|" in transfer.search_text
    assert "|^esfzydj|" in transfer.search_text
    transfer.keywords = "卖房"
    transfer.save(update_fields=["keywords"])
    transfer.refresh_from_db()
    assert "|maifang|" in transfer.search_text
    assert "过户" not in transfer.search_text


def test_search_text_follows_a_department_rename(transfer, realestate):
    realestate.name = "自然资源登记科"
    realestate.save()
    transfer.refresh_from_db()
    assert "zrzydjk" in transfer.search_text
    assert "bdcdjk" not in transfer.search_text


def test_separator_characters_cannot_forge_terms():
    assert build_search_text("a|^b") == "|^a b|^ab|"


def test_chinese_substring_finds_the_matter(directory):
    assert "不动产权证书补换证" in names(search_directory("不动产"))
    assert names(search_directory("转移登记")) == ["二手房转移登记"]


def test_pinyin_initials_find_real_estate_matters(directory):
    found = names(search_directory("bdc"))
    # Its name starts with bdc, so it leads; the department's other matters follow.
    assert found[0] == "不动产权证书补换证"
    assert set(found) == {"不动产权证书补换证", "二手房转移登记", "房屋所有权首次登记"}


def test_full_pinyin_and_upper_case_work(directory):
    assert names(search_directory("ershoufang")) == ["二手房转移登记"]
    assert names(search_directory("ESFZY")) == ["二手房转移登记"]


def test_keyword_finds_the_matter(directory):
    assert names(search_directory("过户")) == ["二手房转移登记"]
    assert names(search_directory("房产证丢了")) == ["不动产权证书补换证"]


def test_every_word_of_the_query_must_match(directory):
    assert names(search_directory("bdc 过户")) == ["二手房转移登记"]
    assert names(search_directory("社保 过户")) == []


def test_agencies_are_found_by_name_keyword_and_what_they_handle(directory):
    for q in ("出入境", "crj", "签注", "护照"):
        hits = search_directory(q)
        assert [(h.kind, h.name) for h in hits] == [("agency", "公安局出入境管理支队")], q


def test_exact_and_prefix_names_rank_first(realestate):
    MatterFactory(name="抵押注销登记", keywords="抵押", department=realestate)
    MatterFactory(name="不动产抵押", department=realestate)
    MatterFactory(name="抵押登记", department=realestate)
    assert names(search_directory("抵押登记")) == ["抵押登记"]
    assert names(search_directory("抵押")) == ["抵押登记", "抵押注销登记", "不动产抵押"]


def test_inactive_matters_and_inactive_departments_are_not_offered(directory, social):
    directory["transfer"].is_active = False
    directory["transfer"].save()
    social.is_active = False
    social.save()
    assert search_directory("过户") == []
    assert search_directory("社保卡") == []


def test_blank_query_and_limit(directory):
    assert search_directory("   ") == []
    assert len(search_directory("登记", limit=2)) == 2


def test_like_wildcards_are_literal(directory):
    assert search_directory("%") == []
    assert search_directory("_") == []


def test_materials_come_in_order_without_extra_queries(directory, django_assert_num_queries):
    with django_assert_num_queries(3):
        hits = search_directory("二手房")
        labels = [m.label for m in hits[0].obj.materials.all()]
        department = hits[0].obj.department.name
    assert labels == ["不动产登记申请书", "买卖双方身份证【原件及复印件】", "不动产权证书【原件】"]
    assert department == "不动产登记科"


def _many_matters(department, count: int) -> None:
    matters = []
    for n in range(count):
        matter = Matter(name=f"不动产测试事项{n:04d}", keywords="测试 登记", department=department)
        matter.refresh_search_text()
        matters.append(matter)
    created = Matter.objects.bulk_create(matters)
    reindex(m.pk for m in created)  # bulk_create bypasses Matter.save()
    MatterMaterial.objects.bulk_create(
        MatterMaterial(matter=matter, position=p, name=f"材料{p}")
        for matter in created
        for p in (1, 2, 3)
    )


@pytest.mark.parametrize("count", [5, 500])
def test_query_count_does_not_grow_with_the_directory(
    count, realestate, passport_office, django_assert_max_num_queries
):
    _many_matters(realestate, count)
    with django_assert_max_num_queries(3):
        hits = search_directory("bdc", limit=10)
        for hit in hits:
            if hit.kind == "matter":
                list(hit.obj.materials.all())
                hit.obj.department.name  # noqa: B018
    assert len(hits) == min(count, 10)


def test_templates_of_a_matter_come_first(transfer, social_card, manager):
    own = AnswerTemplateFactory(title="过户须双方到场", matter=transfer, created_by=manager)
    general = AnswerTemplateFactory(title="材料不全一次性告知", text="请备齐材料")
    AnswerTemplateFactory(title="社保卡补办", text="请先挂失", matter=social_card)
    AnswerTemplateFactory(title="停用模板", matter=transfer, is_active=False)
    assert search_templates("", matter_id=transfer.pk) == [own, general]
    assert search_templates("材料") == [general]
    assert search_templates("二手房") == [own]  # by the matter's name
    assert search_templates("") == []


def test_create_answer_template_service(transfer, handler):
    from firstask.directory.services import create_answer_template

    template = create_answer_template(
        title=" 过户须双方到场 ", text="买卖双方须本人到场。", actor=handler, matter=transfer
    )
    assert (template.title, template.created_by, template.matter) == (
        "过户须双方到场",
        handler,
        transfer,
    )
    assert search_templates("双方", matter_id=transfer.pk) == [template]
