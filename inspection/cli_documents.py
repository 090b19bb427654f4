"""The `inspection` commands for documents (registered by cli.py)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add this module's commands to the `inspection` group."""
