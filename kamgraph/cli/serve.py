"""``kamgraph serve``: the web app on a local port (see :mod:`kamgraph.web`)."""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
import webbrowser

import click

from ..errors import InvalidInput
from ._common import App, pass_app


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on. Anything but loopback needs --token."
)
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="0: any free port.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--read-only", is_flag=True, help="Turn every edit off.")
@click.option(
    "--token",
    envvar="KAMGRAPH_TOKEN",
    metavar="TEXT",
    help="A secret the page asks for (needed to serve on another address). Also $KAMGRAPH_TOKEN; "
    "'random' makes one and prints it.",
)
@pass_app
def serve(app: App, host: str, port: int, open_browser: bool, read_only: bool, token: str | None) -> None:
    """Serve the account map in a browser: portfolio, maps with pan and zoom, routes, risk
    with what-ifs, white space and edits, on this store."""
    import uvicorn

    from ..web import WebSettings, create_app

    if token == "random":
        token = secrets.token_urlsafe(18)
        click.echo(f"Token: {token}", err=True)
    if not _loopback(host) and not token:
        raise InvalidInput(
            f"--host {host} would share the store beyond this machine: add --token TEXT (the page asks for it)"
        )
    if token is not None and len(token) < 8:
        raise InvalidInput("--token: use at least 8 characters")
    app.store  # noqa: B018 - a wrong --store is one line now, not an error page later
    hosts = ["*"] if not _loopback(host) else ["127.0.0.1", "localhost", "::1", "[::1]"]
    web = create_app(WebSettings(app.store_url, read_only=read_only, token=token, hosts=hosts))
    config = uvicorn.Config(web, host=host, port=port, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    shown = f"[{host}]" if ":" in host else host

    async def main() -> None:
        serving = asyncio.create_task(server.serve())
        while not server.started and not serving.done():
            await asyncio.sleep(0.05)
        if server.started:
            bound = server.servers[0].sockets[0].getsockname()[1]
            url = f"http://{shown}:{bound}/"
            click.echo(
                f"kamgraph serves {app.store.url} at {url}"
                + (" (read-only)" if read_only else "")
                + " — Ctrl+C stops it",
                err=True,
            )
            if open_browser:
                webbrowser.open(url)
        await serving

    try:
        asyncio.run(main())
    except SystemExit as exc:  # uvicorn exits when it cannot listen (it has said why)
        if exc.code:
            raise InvalidInput(f"cannot listen on {shown}:{port}") from None
