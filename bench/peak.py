"""Run `inspection` and, at exit, note its peak memory (VmHWM) in the file $BENCH_PEAK_FILE.

A child's ru_maxrss on Linux starts from its parent's peak (it is kept across fork and exec),
so the benchmark asks the command itself.
"""

import atexit
import os
import sys


def _note() -> None:
    peak = "0"
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    except (OSError, StopIteration):
        import resource
        peak = str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    with open(os.environ["BENCH_PEAK_FILE"], "w", encoding="ascii") as out:
        out.write(peak)


atexit.register(_note)
sys.argv[0] = "inspection"
from inspection.cli import main  # noqa: E402

main()
