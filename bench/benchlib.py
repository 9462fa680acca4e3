"""bench/benchlib.py: what the Python bench scripts share: a Markdown
table row of run times (count, mean, p50, p90)."""
import statistics


def row(name, ms):
    """Print one table row for the times in ms (milliseconds)."""
    ms = sorted(ms)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    print("| %s | %d | %.1f | %.1f | %.1f |" % (
        name, len(ms), statistics.mean(ms), statistics.median(ms), p90))
