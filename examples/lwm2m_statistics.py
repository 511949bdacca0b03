# SPDX-License-Identifier: GPL-2.0-only
"""Statistics shared by the example scripts (no third-party module needed): quantiles and the
two-sample Kolmogorov-Smirnov test (optionally blind to small shifts) and a z-test of equal
means."""
import bisect
import math


def quantile(values, q):
    """The q-quantile, linear between order statistics (numpy's default); None if empty."""
    if not values:
        return None
    v = sorted(values)
    pos = q * (len(v) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def ks_2samp(a, b, tolerance=0.0):
    """Two-sample Kolmogorov-Smirnov statistic D and its p-value: scipy's ks_2samp (exact for
    small samples) when scipy is there, else the asymptotic Kolmogorov distribution with
    Stephens' small-sample correction. (D, p, method).

    With a tolerance t > 0, a shift of the samples by at most t is not counted as a difference:
    D = sup_x max(F_a(x) - F_b(x + t), F_b(x) - F_a(x + t)), never above the plain D, so the
    asymptotic p-value is conservative (the level is at most the one asked for). It is for runs
    whose instants may differ by microseconds that do not matter (a replayed DTLS flight one
    byte shorter than the real one) when the distributions have atoms that such offsets would
    split."""
    if tolerance <= 0:
        try:
            from scipy import stats
            r = stats.ks_2samp(a, b)
            return float(r.statistic), float(r.pvalue), "scipy.stats.ks_2samp"
        except ImportError:
            pass
    a, b = sorted(a), sorted(b)
    n, m = len(a), len(b)
    if tolerance > 0:
        d = 0.0
        for x in a + b:
            fa = bisect.bisect_right(a, x) / n
            fb = bisect.bisect_right(b, x) / m
            d = max(d, fa - bisect.bisect_right(b, x + tolerance) / m,
                    fb - bisect.bisect_right(a, x + tolerance) / n)
        method = f"asymptotic Kolmogorov, shifts up to {tolerance:g} not counted"
    else:
        i = j = 0
        d = 0.0
        while i < n and j < m:
            x = min(a[i], b[j])
            while i < n and a[i] == x:
                i += 1
            while j < m and b[j] == x:
                j += 1
            d = max(d, abs(i / n - j / m))
        method = "asymptotic Kolmogorov"
    en = math.sqrt(n * m / (n + m))
    lam = (en + 0.12 + 0.11 / en) * d
    p = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return d, min(1.0, max(0.0, p)), method


def mean_difference_p(a, b):
    """Two-sided p-value of the large-sample z-test of equal means (each sample's own variance,
    Welch's form): for per-device counts such as retransmissions. 1 when both are constant and
    equal, 0 when both are constant and differ."""
    n, m = len(a), len(b)
    ma, mb = sum(a) / n, sum(b) / m
    va = sum((x - ma) ** 2 for x in a) / (n - 1) if n > 1 else 0.0
    vb = sum((x - mb) ** 2 for x in b) / (m - 1) if m > 1 else 0.0
    se = math.sqrt(va / n + vb / m)
    if se == 0:
        return 1.0 if ma == mb else 0.0
    return math.erfc(abs(ma - mb) / se / math.sqrt(2))
