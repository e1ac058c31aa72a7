"""Production settings for the benchmarks (bench/run.sh, bench/middleware.sh).

Two additions: the liveness view mounted a second time at /healthz/bench, where it walks the
whole middleware stack (the probe's own path is answered at the top, core.middleware), so the
ratios keep measuring against a trivial view behind every middleware; and BENCH_MIDDLEWARE
to trim the stack: "bare" for none at all, "-dotted.path" for all but that one.
"""

import os

from settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"

ALLAUTH = "allauth.account.middleware.AccountMiddleware"


class _Trimmed(list):
    """allauth refuses to start unless its middleware is listed (AccountConfig.ready() asks `in`):
    a trimmed stack says yes and leaves it out, as the bench measures requests, not the start."""

    def __contains__(self, name):
        return name == ALLAUTH or super().__contains__(name)


_trim = os.environ.get("BENCH_MIDDLEWARE", "")
if _trim == "bare":
    MIDDLEWARE = _Trimmed()
elif _trim.startswith("-"):
    MIDDLEWARE = _Trimmed(name for name in MIDDLEWARE if name != _trim[1:])  # noqa: F405
