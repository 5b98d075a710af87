"""A load balancer probes /healthz over plain HTTP: it gets the health answer, never a redirect to HTTPS."""

import pytest


@pytest.mark.django_db
def test_healthz_answers_a_plain_http_probe_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301  # every other page still moves to HTTPS
