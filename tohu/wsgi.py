"""The WSGI application the production server (granian) runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tohu.settings")
# a web process: its database statements are cut off after TOHU_WEB_STATEMENT_TIMEOUT_SECONDS
os.environ["TOHU_PROCESS"] = "web"
application = get_wsgi_application()
