"""Errors speak German and probes stay cheap."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_page_answers_404_in_german(client, a_home_page):
    response = client.get("/diese-seite-gibt-es-nicht/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert "Zur Startseite" in html
    assert '<html lang="de">' in html


def test_liveness_probe_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_liveness_probe_refuses_post(client):
    assert client.post("/healthz/live").status_code == 405
