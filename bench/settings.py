"""The real settings with the bench URLconf (the app's URLs plus a floor view)."""

from chibo.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
