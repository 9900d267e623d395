"""Security headers on every kind of page, templates the CSP can live with, deploy checks.

The CSP is only worth having if it is on every response (login, app pages, admin, the
error pages Django renders itself, the health probe) and strict (no 'unsafe-inline').
Strict means our templates must not carry inline script or style: the browser would
silently drop them, so the template scan below fails first.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import include, path, reverse

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES_DIR = BASE_DIR / "templates"


def _assert_security_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives.get("default-src") == ["'self'"], csp
    assert directives.get("script-src") == ["'self'"], csp
    assert directives.get("style-src") == ["'self'"], csp
    assert directives.get("frame-ancestors") == ["'none'"], csp
    assert directives.get("object-src") == ["'none'"], csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "same-origin"
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin"


# (who is signed in, URL name or path, status, the error template it must render)
PAGES = [
    pytest.param(None, "login", 200, None, id="login"),
    pytest.param("receptionist", "home", 200, None, id="home"),
    pytest.param("manager", "admin:org_department_changelist", 200, None, id="admin"),
    pytest.param("receptionist", "admin:index", 403, "errors/403.html", id="403"),
    pytest.param("receptionist", "/no-such-page/", 404, "errors/404.html", id="404"),
    pytest.param(None, "/no-such-page/", 404, None, id="anonymous_404"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "url", "status", "template"), PAGES)
def test_page_headers(client, request, persona, url, status, template):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(url if url.startswith("/") else reverse(url))
    assert response.status_code == status
    if template:
        assert template in [t.name for t in response.templates]
    _assert_security_headers(response)


@pytest.mark.django_db
def test_locked_out_page_headers(client, receptionist):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("login"), {"username": "reception", "password": "wrong"}, REMOTE_ADDR="10.0.0.9"
        )
    assert response.status_code == 429
    _assert_security_headers(response)


def _boom(request):
    raise RuntimeError("deliberate failure for the 500 page")


# A URLconf for the 500 test: the product's routes plus one view that fails. Django looks
# handler500 up on the active ROOT_URLCONF, so it is repeated here.
urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]
handler500 = "firstask.core.errors.server_error"


@pytest.mark.django_db
def test_500_page_headers(settings, receptionist):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(receptionist)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "errors/500.html" in [t.name for t in response.templates]
    _assert_security_headers(response)


@pytest.mark.django_db
def test_healthz_headers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    _assert_security_headers(response)


# --- templates the CSP can live with --------------------------------------------------

# <script ...>body</script> with a non-blank body, or a <script> without src at all.
INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
INLINE_STYLE_ELEMENT = re.compile(r"<style\b", re.I)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.I)
EVENT_HANDLER_ATTRIBUTE = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def _template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES_DIR.rglob("*") if p.suffix in {".html", ".txt", ".xml"})


def _inline_violations(text: str) -> list[str]:
    found = []
    for match in INLINE_SCRIPT.finditer(text):
        if match["body"].strip() or "src=" not in match["attrs"]:
            found.append(f"inline <script>: {match[0][:80]!r}")
    for pattern, label in (
        (INLINE_STYLE_ELEMENT, "<style> element"),
        (STYLE_ATTRIBUTE, "style= attribute"),
        (EVENT_HANDLER_ATTRIBUTE, "on*= event handler attribute"),
        (JAVASCRIPT_URL, "javascript: URL"),
    ):
        found += [f"{label}: {m[0]!r}" for m in pattern.finditer(text)]
    return found


def test_templates_carry_no_inline_script_or_style():
    files = _template_files()
    assert any(p.name == "base.html" for p in files), "template scan found nothing to scan"
    problems = {
        str(path.relative_to(BASE_DIR)): found
        for path in files
        if (found := _inline_violations(path.read_text(encoding="utf-8")))
    }
    assert not problems, f"the CSP would block these; move them to static/: {problems}"


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="module">\n  go();\n</script>',
        '<script src="/static/x.js">go()</script>',
        '<div style="color: red">',
        "<style>.x{}</style>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
    ],
)
def test_template_scan_catches_inline_code(snippet):
    """Guard the guard: each pattern above must really match what it claims to."""
    assert _inline_violations(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "<script src=\"{% static 'js/firstask.js' %}\"></script>",
        '<div class="onboarding" data-style="x">',
        '<input data-confirm="Void it?">',
    ],
)
def test_template_scan_allows_external_files(snippet):
    assert not _inline_violations(snippet)


# --- production settings ----------------------------------------------------------------

# 60 characters, random-looking: what an operator would generate for production.
PROD_SECRET = "k9Qz7-xP2_vW4!rT8#nL6$mB3^cD5&fH1*jK0(gS9)aE2+uY7=oI4tR8wZp1"


# What a production process sees: only the basics of the OS plus what the operator sets.
# Not the test run's environment: fixtures of other tests set variables (e.g.
# DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests) that production never has.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")


def _prod_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {key: os.environ[key] for key in INHERITED if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=PROD_SECRET,
        ALLOWED_HOSTS="firstask.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        FIRSTASK_VAR_DIR=str(tmp_path / "var"),
    )
    env.update(overrides)
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_prod_settings(tmp_path):
    result = _manage(_prod_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "ERRORS" not in output, output
    assert "no issues" in output, output


def test_check_deploy_catches_an_insecure_setting(tmp_path):
    """Guard the guard: the same run must fail when a deploy setting is weakened."""
    result = _manage(
        _prod_env(tmp_path, SECURE_SSL_REDIRECT="false"),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "secret",
    [
        None,  # unset: base's dev-only default
        "dev-only-insecure-key-change-me-in-production-0123456789",
        "short-but-random-Xy7!",
    ],
)
def test_prod_refuses_to_start_without_a_real_secret_key(tmp_path, secret):
    env = _prod_env(tmp_path)
    env.pop("SECRET_KEY")
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = _manage(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_prod_settings_keep_cookies_secure_and_debug_off(tmp_path):
    script = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_EXPIRE_AT_BROWSER_CLOSE)"
    )
    result = _manage(_prod_env(tmp_path, DEBUG="true"), "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["False"] + ["True"] * 5
