"""Chinese by default, English on request.

Desk PCs often run an English Windows, whose browser sends ``Accept-Language: en-US``;
staff must still get the Chinese interface. Only the language switcher (Django's
set_language view and its cookie) changes it.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

# Strings only our own catalogue translates (Django's admin catalogue has "Log in" too,
# so it would prove nothing about locale/).
ZH_TAGLINE = "首问责任制管理系统"
EN_TAGLINE = "First-inquiry responsibility system"


def _switch(client, language: str, next_url: str):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_default_language_is_chinese_despite_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    assert ZH_TAGLINE in html
    assert EN_TAGLINE not in html
    assert response.headers["Content-Language"] == "zh-hans"


def test_home_page_is_chinese_for_a_signed_in_receptionist(client, receptionist):
    client.force_login(receptionist)
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="zh-CN">' in html
    assert "王芳，您好" in html  # "Welcome, %(name)s", with the placeholder filled
    assert "首问责任人" in html  # the role label from roles.py


def test_switching_to_english_and_back(client):
    response = _switch(client, "en", reverse("login"))
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert EN_TAGLINE in html
    assert ZH_TAGLINE not in html

    _switch(client, "zh-hans", reverse("login"))
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="zh-CN">' in html
    assert ZH_TAGLINE in html


def test_english_home_page_for_a_signed_in_user(client, receptionist):
    client.force_login(receptionist)
    _switch(client, "en", reverse("home"))
    html = client.get(reverse("home")).content.decode()
    assert "Welcome, 王芳" in html
    assert "First responder" in html


def test_an_unsupported_language_cookie_falls_back_to_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-CN">' in html
    assert ZH_TAGLINE in html


def test_the_switcher_offers_the_other_language(client):
    html = client.get(reverse("login")).content.decode()
    assert 'data-testid="language-switcher"' in html
    assert 'value="en"' in html


def test_domain_vocabulary_is_translated():
    """Spot checks of the words staff know from the paper registers."""
    from firstask.org.roles import Role

    with translation.override("zh-hans"):
        assert str(Role.FIRST_RESPONDER.label) == "首问责任人"
        assert str(Role.HANDLER.label) == "承办人"
        assert str(Role.DEPARTMENT_HEAD.label) == "科室负责人"
        assert str(Role.SUPERVISING_LEADER.label) == "分管领导"
        assert str(Role.QUALITY_INSPECTOR.label) == "质检员"
        assert str(Role.MANAGER.label) == "管理员"
    with translation.override("en"):
        assert str(Role.FIRST_RESPONDER.label) == "First responder"


def test_error_pages_follow_the_chosen_language(client, receptionist):
    """The 500 page is rendered without context processors; it must still say lang=en."""
    from django.test import RequestFactory

    from firstask.core.errors import server_error

    with translation.override("en"):
        html = server_error(RequestFactory().get("/")).content.decode()
    assert '<html lang="en">' in html
    assert "Server error" in html
    with translation.override("zh-hans"):
        html = server_error(RequestFactory().get("/")).content.decode()
    assert '<html lang="zh-CN">' in html
    assert "服务器错误" in html

    client.force_login(receptionist)
    _switch(client, "en", reverse("home"))
    html = client.get("/no-such-page/").content.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html
