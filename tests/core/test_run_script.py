"""scripts/run serves Django's debug pages only on loopback (defect 15, issue 15).

A wildcard bind used to run with DEBUG on: anyone on the LAN got tracebacks with the
settings and the URL list on every 404. The policy is a shell function of scripts/lib.sh
(what scripts/run calls), so it is run here exactly as the script runs it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

ROOT = Path(settings.BASE_DIR)


def _policy(host: str, **env: str) -> tuple[str, str, str]:
    script = 'source scripts/lib.sh; bind_policy "$1"; printf "%s|%s" "$DEBUG" "${ALLOWED_HOSTS:-}"'
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "ALLOWED_HOSTS"}}
    done = subprocess.run(
        ["bash", "-c", script, "policy", host],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    debug, hosts = done.stdout.split("|")
    return debug, hosts, done.stderr


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]"])
def test_loopback_runs_with_debug_pages(host):
    debug, _hosts, _said = _policy(host)
    assert debug == "1"


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "[::]", "192.0.2.10"])
def test_a_network_bind_runs_with_debug_off_and_says_so(host):
    debug, hosts, said = _policy(host, DEBUG="1")
    assert debug == "0"
    assert "DEBUG is off" in said
    assert "127.0.0.1" in hosts.split(",")
    if host == "192.0.2.10":
        assert host in hosts.split(",")


def test_run_script_applies_the_policy_before_starting_the_server():
    text = (ROOT / "scripts" / "run").read_text()
    assert 'bind_policy "$HOST"' in text
    assert text.index('bind_policy "$HOST"') < text.index("runserver")


@pytest.mark.django_db
def test_dev_settings_serve_static_files_with_debug_off():
    from config.settings import dev

    with override_settings(
        DEBUG=False,
        MIDDLEWARE=dev.MIDDLEWARE,
        WHITENOISE_USE_FINDERS=True,
        WHITENOISE_AUTOREFRESH=False,
        STATIC_ROOT=ROOT / "static",
    ):
        response = Client().get("/static/css/firstask.css")
        assert response.status_code == 200
        assert b"".join(response.streaming_content)
        missing = Client().get("/no-such-page/")
    assert missing.status_code == 404
    assert b"URLconf" not in missing.content  # no URL list for strangers
