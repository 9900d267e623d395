"""Local development: debug on (loopback only, see scripts/run), mail to the console."""

from config.settings.base import *  # noqa: F403
from config.settings.base import MIDDLEWARE
from config.settings.env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# scripts/run on a LAN bind runs with DEBUG off, where runserver no longer serves static
# files: WhiteNoise serves them straight from static/ (no collectstatic needed).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
