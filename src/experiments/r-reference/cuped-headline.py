# Reference numbers for src/experiments/cuped-headline.test.ts (issue 11 #7).
# Independent of the TypeScript code: per-user rows, numpy/scipy only.
# Run: python3 src/experiments/r-reference/cuped-headline.py  (numpy, scipy)
# CUPED per comparison: theta pooled over the control and that variant only
# (within-variant covariances), X centred on the mean of those two variants;
# Welch t on the adjusted per-user values; Fieller interval for the ratio of
# adjusted means at the Welch critical value; flat-prior normal posterior for
# chance to win and risk (E[max(control − variant, 0)]).
import numpy as np
from scipy import stats

def g(x):
    return repr(float(x))

def sums(x, y):
    return dict(users=len(y), sum=g(y.sum()), sum_squares=g((y * y).sum()),
                pre_sum=g(x.sum()), pre_sum_squares=g((x * x).sum()), sum_cross=g((x * y).sum()))

def pair(xc, yc, xt, yt, alpha=0.05):
    sxy = ((xc - xc.mean()) * (yc - yc.mean())).sum() + ((xt - xt.mean()) * (yt - yt.mean())).sum()
    sxx = ((xc - xc.mean()) ** 2).sum() + ((xt - xt.mean()) ** 2).sum()
    theta = sxy / sxx
    xbar = np.concatenate([xc, xt]).mean()
    ac = yc - theta * (xc - xbar)
    at = yt - theta * (xt - xbar)
    w = stats.ttest_ind(at, ac, equal_var=False)
    vt = at.var(ddof=1) / len(at)
    vc = ac.var(ddof=1) / len(ac)
    df = (vt + vc) ** 2 / (vt ** 2 / (len(at) - 1) + vc ** 2 / (len(ac) - 1))
    crit = stats.t.ppf(1 - alpha / 2, df)
    mt, mc = at.mean(), ac.mean()
    # Fieller: (mt - r mc)^2 <= crit^2 (vt + r^2 vc), solved for r
    qa = mc * mc - crit * crit * vc
    qb = -2 * mt * mc
    qc = mt * mt - crit * crit * vt
    disc = np.sqrt(qb * qb - 4 * qa * qc)
    lo, hi = sorted([(-qb - disc) / (2 * qa), (-qb + disc) / (2 * qa)])
    d = mt - mc
    s = np.sqrt(vt + vc)
    chance = stats.norm.cdf(d / s)
    risk = s * stats.norm.pdf(-d / s) + (-d) * stats.norm.cdf(-d / s)
    return dict(theta=g(theta), adj_control=g(mc), adj_treatment=g(mt), lift=g(mt / mc - 1), ci_low=g(lo - 1), ci_high=g(hi - 1),
                p_value=g(w.pvalue), chance_to_win=g(chance), risk=g(risk))

def raw(yc, yt):
    w = stats.ttest_ind(yt, yc, equal_var=False)
    return dict(lift=g(yt.mean() / yc.mean() - 1), p_value=g(w.pvalue))

rng = np.random.default_rng(20261206)
print('== mean, three variants')
n = [500, 480, 520]
shift = [0.0, 2.0, -1.5]
x = [rng.gamma(2.0, 20.0, k) for k in n]
y = [0.6 * xi + rng.normal(20 + s, 12, len(xi)) for xi, s in zip(x, shift)]
for i in range(3):
    print('variant', i, sums(x[i], y[i]))
for i in (1, 2):
    print('pair 0 vs', i, pair(x[0], y[0], x[i], y[i]))
    print('raw  0 vs', i, raw(y[0], y[i]))

print('== binomial, two variants (Y = converted 0/1, X = pre-period orders)')
nb = [3000, 3000]
xb = [rng.poisson(1.2, k).astype(float) for k in nb]
pb = [np.clip(0.05 + 0.04 * xi, 0, 1) for xi in xb]
pb[1] = np.clip(pb[1] + 0.012, 0, 1)
yb = [(rng.random(len(p)) < p).astype(float) for p in pb]
for i in range(2):
    print('variant', i, 'conversions', int(yb[i].sum()), sums(xb[i], yb[i]))
print('pair 0 vs 1', pair(xb[0], yb[0], xb[1], yb[1]))
