options(digits=17)
f <- function(x) sprintf("%.17g", x)
# Beta-Binomial: T=250/5000, C=200/5000, prior Beta(1,1)
bb <- function(xT,nT,xC,nC) {
aT <- 1+xT; bT <- 1+nT-xT; aC <- 1+xC; bC <- 1+nC-xC
lo <- min(qbeta(1e-12,aT,bT), qbeta(1e-12,aC,bC)); hi <- max(qbeta(1-1e-12,aT,bT), qbeta(1-1e-12,aC,bC))
ctw <- integrate(function(x) dbeta(x,aT,bT)*pbeta(x,aC,bC), lo, hi, rel.tol=1e-12, subdivisions=1000L)$value
# risk of T: E[max(pC - pT, 0)] by nested integration
g <- function(t) sapply(t, function(tt) integrate(function(c) (c-tt)*dbeta(c,aC,bC), tt, max(tt,hi), rel.tol=1e-12)$value)
riskT <- integrate(function(t) dbeta(t,aT,bT)*g(t), lo, hi, rel.tol=1e-10, subdivisions=1000L)$value
gT <- function(c) sapply(c, function(cc) integrate(function(t) (t-cc)*dbeta(t,aT,bT), cc, max(cc,hi), rel.tol=1e-12)$value)
riskC <- integrate(function(c) dbeta(c,aC,bC)*gT(c), lo, hi, rel.tol=1e-10, subdivisions=1000L)$value
# ratio cdf: P(pT/pC <= r)
rc <- function(r) integrate(function(c) dbeta(c,aC,bC)*pbeta(r*c,aT,bT), lo, hi, rel.tol=1e-12, subdivisions=1000L)$value
q025 <- uniroot(function(r) rc(r)-0.025, c(0.01,1000), tol=1e-13)$root
q975 <- uniroot(function(r) rc(r)-0.975, c(0.01,1000), tol=1e-13)$root
cat("ctw riskT riskC lift_lo lift_hi", f(ctw), f(riskT), f(riskC), f(q025-1), f(q975-1), "\n")
set.seed(1); n <- 4e6; pt <- rbeta(n,aT,bT); pc <- rbeta(n,aC,bC)
cat("  MC:", mean(pt>pc), mean(pmax(pc-pt,0)), mean(pmax(pt-pc,0)), quantile(pt/pc-1, c(.025,.975)), "\n")
}
cat("== bb A\n"); bb(250,5000,200,5000)
cat("== bb B\n"); bb(530,10200,480,9800)
cat("== bb small\n"); bb(3,40,1,38)
