"""Best-of-N and median timing shared by the benchmarks."""

import os
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


def best_wall_cpu(fn, repeat=1):
    """Run ``fn`` ``repeat`` times; return (the shortest wall time, the shortest CPU time), in seconds.
    CPU time (``time.process_time``) is the fair figure on a shared machine."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = min(wall, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def load():
    """The machine's load average over the last minute, as printed beside a figure."""
    return f"load {os.getloadavg()[0]:.1f}"
