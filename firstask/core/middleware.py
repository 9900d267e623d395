"""Request plumbing: language, idle sessions without a write per request, no-store.

Language selection: Simplified Chinese unless the user chose otherwise.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a desk PC with
an English Windows would greet staff in English. The product's default is Chinese; the
switcher's cookie is the only thing that changes it.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class DefaultLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def note_login_time(sender, request, user, **kwargs) -> None:
    """Logging in saves the session anyway: start the idle clock in that same write."""
    session = getattr(request, "session", None)
    if session is not None:
        session[IdleSessionMiddleware.KEY] = int(time.time())


class IdleSessionMiddleware:
    """Keep the idle timeout without writing the session on every request.

    ``SESSION_SAVE_EVERY_REQUEST`` made every page view a write: on SQLite each reader
    took the write lock, and a failed session write after a committed registration told
    the clerk "logged out" for work that was in fact saved. Here the session is touched
    (and so saved with a fresh expiry) at most once per ``SESSION_REFRESH_SECONDS``;
    the idle timeout is ``SESSION_COOKIE_AGE`` give or take that minute.
    """

    KEY = "_idle_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session that exists and belongs to a logged-in person is kept alive.
        if session is not None and session.session_key and "_auth_user_id" in session:
            now = int(time.time())
            last = session.get(self.KEY, 0)
            if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response


class NoStoreMiddleware:
    """Pages seen logged in are never kept by the browser or a proxy.

    On a shared desk PC the back button after logout must not show the last visitor's
    name and phone number from the browser's cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        public = "public" in response.get("Cache-Control", "")  # e.g. the site icon
        if user is not None and user.is_authenticated and not public:
            add_never_cache_headers(response)
        return response
