"""The health probes are answered at the top of the middleware stack, past nothing they do not need."""

import pytest


def test_liveness_probe_skips_the_stack_below_it(client):
    # A load balancer may probe by the container's address: no Host check, no session, no CSRF
    # cookie; and no database (this spec has none: a query would fail it).
    response = client.get("/healthz/live", HTTP_HOST="10.0.0.7")

    assert response.status_code == 200 and response.content == b"ok"
    assert response["X-Request-ID"] and "no-cache" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_readiness_probe_reports_the_database(client):
    response = client.get("/healthz/ready", HTTP_HOST="10.0.0.7")

    assert response.status_code == 200 and response.json()["database"] == "ok"
