"""`inspection serve`: the browser form on the workspace, served on this computer (or, with
--lan, to the team on the same network, behind an access code)."""

from __future__ import annotations

import secrets
import socket
from pathlib import Path

import click

from ..i18n import N_, _
from .common import by_option, command, localize, open_workspace, workspace_option


def _local_address() -> str:
    """This computer's address on the local network (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


@command()
@workspace_option
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True,
              help=N_("The port to listen on."))
@click.option("--lan", is_flag=True,
              help=N_("Let the team on the same Wi-Fi or hotspot join: listen on the local "
                      "network, behind an access code shown here."))
@click.option("--no-browser", is_flag=True, help=N_("Do not open the browser."))
@by_option
def serve(workspace: Path | None, port: int, lan: bool, no_browser: bool, by: str | None) -> None:
    """Record findings in the browser: a local web page on the workspace, in Vietnamese,
    working offline. Stop it with Ctrl-C: every answer saved is kept.

    \b
    Example:
      inspection serve
      inspection serve --lan          (the team joins from their laptops and phones)
    """
    from waitress import create_server

    from ..web.app import create_app
    from .common import recorder

    ws = open_workspace(workspace)
    ws.load()  # a broken campaign is said here, not on the first page
    code = f"{secrets.randbelow(10 ** 6):06d}" if lan else None
    app = create_app(ws.root, access_code=code, recorder=recorder(by))
    host = "0.0.0.0" if lan else "127.0.0.1"
    try:
        server = create_server(app, host=host, port=port, threads=8, ident="inspection")
    except OSError as exc:
        raise click.ClickException(_("Cannot listen on port {port} ({reason}): another program "
                                     "uses it; give another one with --port.").format(
            port=port, reason=exc.strerror or exc)) from None
    import signal

    def stop(_signum, _frame):  # a service manager's stop, as Ctrl-C: the message, then exit
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, stop)
    try:  # from here on, Ctrl-C (or SIGTERM) at any moment stops it the same way
        address = f"http://{_local_address() if lan else '127.0.0.1'}:{port}/"
        click.echo(_("The form of {folder} is at {address}").format(folder=ws.root,
                                                                    address=address))
        if lan:
            click.echo(_("Access code: {code} (give it to the team; it is asked once per "
                         "browser)").format(code=f"{code[:3]} {code[3:]}"))
            import io

            import segno

            picture = io.StringIO()  # to scan with a phone's camera
            segno.make(address, error="m").terminal(out=picture, compact=True)
            click.echo(picture.getvalue(), nl=False)
        click.echo(_("Stop with Ctrl-C."))
        if not no_browser:
            import webbrowser

            webbrowser.open(address)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    click.echo(_("Stopped; every answer saved is kept."))


def register(commands: click.Group) -> None:
    localize(serve)
    commands.add_command(serve)
