"""The WSGI application the production server (granian) runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tohu.settings")
application = get_wsgi_application()
