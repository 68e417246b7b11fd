"""Best-of-N timing shared by the benchmarks."""

import time


def best(fn, repeat):
    """Run ``fn`` ``repeat`` times; return (the shortest time in seconds, the last result)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def median(fn, repeat):
    """Run ``fn`` ``repeat`` times; return (the median time in seconds, the last result)."""
    import statistics

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out
