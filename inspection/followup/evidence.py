"""Documents proving what a unit did about a recommendation, copied into the workspace
(evidence/<unit>/theo-doi/) as evidence of a finding is, each with its SHA-256."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from ..files.atomic import make_folder
from ..recording.evidence import _copy, check_sources, safe_name
from ..vn.text import clean_text
from .model import Attachment

SUBFOLDER = "theo-doi"


def keep(ws, unit: str, rec_id: str, sources: Sequence[Path]) -> tuple[Attachment, ...]:
    """Copy `sources` for the recommendation `rec_id` of `unit`; nothing is copied when any of
    them is missing or not a file."""
    sources = [Path(s) for s in sources]
    check_sources(sources)
    folder = ws.evidence_dir / unit / SUBFOLDER
    make_folder(folder, ws.display(folder))
    taken = {p.name.casefold() for p in folder.iterdir()}
    kept = []
    for source in sources:
        tmp, size, sha = _copy(source, folder, clean_text(str(source)))
        name = safe_name(rec_id, source.name, taken)
        taken.add(name.casefold())
        os.replace(tmp, folder / name)
        kept.append(Attachment(file=ws.display(folder / name), name=clean_text(source.name),
                               sha256=sha, size=size))
    return tuple(kept)
