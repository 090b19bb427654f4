"""The browser form of `inspection serve`: Flask pages over the library the command line calls."""

# Nothing here records, reads or checks anything itself: the pages call api.py, the findings
# store and the lookups, and show their errors' messages. Flask is imported only here, and only
# when `inspection serve` runs.
