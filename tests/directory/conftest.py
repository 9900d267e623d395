"""A small directory: real-estate and social-security matters and two agencies."""

from __future__ import annotations

import pytest

from tests.directory.factories import AgencyFactory, MatterFactory


def matter(department, name: str, keywords: str, materials: list[str], **fields):
    """A matter of the directory, its materials in the import file's notation."""
    return MatterFactory(
        name=name, keywords=keywords, department=department, materials=materials, **fields
    )


@pytest.fixture
def transfer(realestate):
    materials = ["不动产登记申请书", "买卖双方身份证【原件及复印件】", "不动产权证书【原件】"]
    extra = {"post": "不动产登记受理岗", "time_limit_days": 30}
    return matter(realestate, "二手房转移登记", "过户 二手房过户", materials, **extra)


@pytest.fixture
def first_registration(realestate):
    materials = ["不动产登记申请书", "房产测绘报告"]
    return matter(realestate, "房屋所有权首次登记", "新房办证", materials)


@pytest.fixture
def certificate(realestate):
    return matter(realestate, "不动产权证书补换证", "房产证丢了 补证", ["遗失声明"])


@pytest.fixture
def social_card(social):
    where = "服务大厅 1 楼 C 区 13 号窗口"
    return matter(social, "社保卡申领", "社会保障卡", ["身份证【原件】"], location=where)


@pytest.fixture
def passport_office(db):
    return AgencyFactory(
        name="公安局出入境管理支队",
        handles="护照、港澳通行证办理",
        keywords="出国 签注",
        address="市民中心东区 1 楼",
        phone="0571-87280000",
    )


DIRECTORY = ("transfer", "first_registration", "certificate", "social_card", "passport_office")


@pytest.fixture
def directory(request):
    """The whole small directory, by fixture name."""
    return {name: request.getfixturevalue(name) for name in DIRECTORY}
