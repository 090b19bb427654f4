"""Inspection fieldwork for Vietnamese public agencies: the schedule of visits, the findings
recorded per checklist item, and the minutes, conclusions and reports in Decree-30 form.

The library API (see api.py) is loaded when first used, so that `import inspection` costs
nothing more than the version:

    import inspection
    ws = inspection.open_workspace("kiem-tra-2026")
    inspection.record_finding(ws, "Yên Bái", "I.3", by="Hà", rating="dat")
    inspection.render_document(ws, "minutes", "Yên Bái")
"""

__version__ = "0.1.0"
__all__ = ["open_workspace", "init_workspace", "check", "status", "record_finding",
           "render_document", "render_documents"]


def __getattr__(name: str):
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'inspection' has no attribute {name!r}")
