options(digits=17)
f <- function(x) sprintf("%.17g", x)
cat("== cuped\n")
set.seed(7)
nC <- 400; nT <- 410
xC <- rgamma(nC, 2, 0.05); xT <- rgamma(nT, 2, 0.05)
yC <- 0.7*xC + rnorm(nC, 10, 15); yT <- 0.7*xT + rnorm(nT, 14, 15)
for (v in list(list("C",xC,yC), list("T",xT,yT))) { x<-v[[2]]; y<-v[[3]]
 cat(v[[1]], length(y), "sum", f(sum(y)), "ss", f(sum(y^2)), "pre", f(sum(x)), "pre_ss", f(sum(x^2)), "cross", f(sum(x*y)), "\n") }
theta <- (sum((xC-mean(xC))*(yC-mean(yC))) + sum((xT-mean(xT))*(yT-mean(yT)))) / (sum((xC-mean(xC))^2)+sum((xT-mean(xT))^2))
xbar <- mean(c(xC,xT))
aC <- yC - theta*(xC-xbar); aT <- yT - theta*(xT-xbar)
r <- t.test(aT, aC); cat("theta", f(theta), "adjC", f(mean(aC)), "adjT", f(mean(aT)), "t", f(r$statistic), "df", f(r$parameter), "p", f(r$p.value), "ci", f(r$conf.int), "\n")
r0 <- t.test(yT, yC); cat("plain p", f(r0$p.value), "\n")
cat("== koopman via optim constrained MLE\n")
koop <- function(x1,n1,x2,n2, level=0.95) {
 q <- qchisq(level, 1)
 stat <- function(rho) {
   nll <- function(p2) { p1 <- rho*p2; -(dbinom(x1,n1,p1,log=TRUE)+dbinom(x2,n2,p2,log=TRUE)) }
   p2 <- optimize(nll, c(1e-12, min(1, 1/rho)-1e-12), tol=1e-15)$minimum; p1 <- rho*p2
   (x1/n1 - rho*x2/n2)^2 / (p1*(1-p1)/n1 + rho^2*p2*(1-p2)/n2) - q }
 est <- (x1/n1)/(x2/n2)
 lo <- uniroot(stat, c(est/50, est), tol=1e-14)$root; hi <- uniroot(stat, c(est, est*50), tol=1e-14)$root
 c(lo, hi) }
cat("koop 36/40 vs 16/80:", f(koop(36,40,16,80)), "\n")
cat("koop A:", f(koop(250,5000,200,5000)-1), "\n")
cat("koop B:", f(koop(530,10200,480,9800)-1), "\n")
cat("== delta ratio (revenue per order) bootstrap\n")
set.seed(11)
mk <- function(n, lam, mu) { o <- rpois(n, lam); r <- sapply(o, function(k) sum(rlnorm(k, mu, 0.8))); list(o=o, r=r) }
C <- mk(3000, 0.3, 3.5); T <- mk(3100, 0.32, 3.55)
for (v in list(list("C",C), list("T",T))) { d <- v[[2]]
 cat(v[[1]], length(d$o), "num", f(sum(d$r)), "num_ss", f(sum(d$r^2)), "den", f(sum(d$o)), "den_ss", f(sum(d$o^2)), "prod", f(sum(d$r*d$o)), "\n") }
B <- 20000; bs <- function(d) { i <- sample.int(length(d$o), replace=TRUE); sum(d$r[i])/sum(d$o[i]) }
sC <- replicate(B, bs(C)); sT <- replicate(B, bs(T))
cat("ratioC", f(sum(C$r)/sum(C$o)), "ratioT", f(sum(T$r)/sum(T$o)), "bootSE_C", f(sd(sC)), "bootSE_T", f(sd(sT)), "\n")
