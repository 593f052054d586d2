"""``kamgraph serve``: the account map in a browser, over the same library calls and JSON
shapes as the command line. :func:`create_app` builds the ASGI app; docs/web.md says how
it is built and why."""

from .app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
