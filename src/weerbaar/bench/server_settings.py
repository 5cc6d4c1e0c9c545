"""Settings of the benchmark server: production settings plus the floor view's URL.

Only ``weerbaar bench`` starts a server with these settings; the production URLs
(``weerbaar.urls``) never contain the floor view.
"""

from weerbaar.settings import *  # noqa: F403

ROOT_URLCONF = "weerbaar.bench.urls"
