# SPDX-License-Identifier: GPL-2.0-only
"""Statistics shared by the example scripts (no third-party module needed): quantiles and the
two-sample Kolmogorov-Smirnov test."""
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


def ks_2samp(a, b):
    """Two-sample Kolmogorov-Smirnov statistic D and its p-value: scipy's ks_2samp (exact for
    small samples) when scipy is there, else the asymptotic Kolmogorov distribution with
    Stephens' small-sample correction. (D, p, method)."""
    try:
        from scipy import stats
        r = stats.ks_2samp(a, b)
        return float(r.statistic), float(r.pvalue), "scipy.stats.ks_2samp"
    except ImportError:
        pass
    a, b = sorted(a), sorted(b)
    n, m = len(a), len(b)
    i = j = 0
    d = 0.0
    while i < n and j < m:
        x = min(a[i], b[j])
        while i < n and a[i] == x:
            i += 1
        while j < m and b[j] == x:
            j += 1
        d = max(d, abs(i / n - j / m))
    en = math.sqrt(n * m / (n + m))
    lam = (en + 0.12 + 0.11 / en) * d
    p = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return d, min(1.0, max(0.0, p)), "asymptotic Kolmogorov"
