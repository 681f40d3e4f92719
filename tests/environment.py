"""Environment for the test run, set before Django reads its settings (loaded with `-p`).

Values already in the environment win, so `DATABASE_URL=postgres://... make test` runs the
same suite against PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("TOHU_KEY_ENCRYPTION_KEY", "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0wMTI=")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("TOHU_STATIC_MANIFEST", "0")
os.environ.setdefault("TOHU_VAR_DIR", tempfile.mkdtemp(prefix="tohu-test-var-"))
os.makedirs(os.path.join(os.environ["TOHU_VAR_DIR"], "static"), exist_ok=True)
# the public register cache has tests of its own (tests/register/test_cache.py)
os.environ.setdefault("TOHU_REGISTER_CACHE_SECONDS", "0")
os.environ.setdefault("TOHU_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
