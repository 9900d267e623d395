"""A small directory: real-estate and social-security matters and two agencies."""

from __future__ import annotations

import pytest

from tests.directory.factories import AgencyFactory, MatterFactory


@pytest.fixture
def transfer(realestate):
    return MatterFactory(
        name="二手房转移登记",
        keywords="过户 二手房过户",
        department=realestate,
        post="不动产登记受理岗",
        time_limit_days=30,
        materials=["不动产登记申请书", "买卖双方身份证【原件及复印件】", "不动产权证书【原件】"],
    )


@pytest.fixture
def first_registration(realestate):
    return MatterFactory(
        name="房屋所有权首次登记",
        keywords="新房办证",
        department=realestate,
        materials=["不动产登记申请书", "房产测绘报告"],
    )


@pytest.fixture
def certificate(realestate):
    return MatterFactory(
        name="不动产权证书补换证",
        keywords="房产证丢了 补证",
        department=realestate,
        materials=["遗失声明"],
    )


@pytest.fixture
def social_card(social):
    return MatterFactory(
        name="社保卡申领",
        keywords="社会保障卡",
        department=social,
        location="服务大厅 1 楼 C 区 13 号窗口",
        materials=["身份证【原件】"],
    )


@pytest.fixture
def passport_office(db):
    return AgencyFactory(
        name="公安局出入境管理支队",
        handles="护照、港澳通行证办理",
        keywords="出国 签注",
        address="市民中心东区 1 楼",
        phone="0571-87280000",
    )


@pytest.fixture
def directory(transfer, first_registration, certificate, social_card, passport_office):
    return {
        "transfer": transfer,
        "first_registration": first_registration,
        "certificate": certificate,
        "social_card": social_card,
        "passport_office": passport_office,
    }
