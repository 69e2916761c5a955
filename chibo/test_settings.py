"""Settings for the test suite: the real settings, with a throwaway key and a fast hasher."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from chibo.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Files built by the tests' jobs go to a folder of the session's own, never MEDIA_ROOT;
# named in the environment, so that a worker process started by a test uses the same one.
MEDIA_ROOT = os.environ.setdefault(
    "CHIBO_TEST_MEDIA_ROOT", os.path.join(tempfile.gettempdir(), f"chibo-test-media-{os.getpid()}"))

# Tests never serve collected files; without WhiteNoise there is no warning about var/static.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405
INSTALLED_APPS = [a for a in INSTALLED_APPS if not a.startswith("whitenoise.")]  # noqa: F405

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not Django's shared in-memory database: the tests of races run threads on
    # connections of their own, and only a file gives them SQLite's real locking (WAL,
    # busy timeout, IMMEDIATE) instead of shared-cache "table is locked" errors.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"chibo-test-{os.getpid()}.sqlite3")
    }
