"""Best-of-N and median timing shared by the benchmarks."""

import statistics
import time


def _timed(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return times, out


def best(fn, repeat):
    """Run ``fn`` ``repeat`` times; return (the shortest time in seconds, the last result)."""
    times, out = _timed(fn, repeat)
    return min(times), out


def median(fn, repeat):
    """Run ``fn`` ``repeat`` times; return (the median time in seconds, the last result)."""
    times, out = _timed(fn, repeat)
    return statistics.median(times), out
