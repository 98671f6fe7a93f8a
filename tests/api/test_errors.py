"""Every error is JSON {"error", "detail"}; an unexpected one is a bare 500 with its traceback only in the log."""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError


def test_unknown_routes_and_methods_answer_in_the_error_shape(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.json() == {"error": "not found", "detail": None}
    response = client.delete("/api/events")
    assert response.status_code == 405 and response.json() == {"error": "method not allowed", "detail": None}


def test_an_unexpected_error_is_a_500_without_details(client, chronicle, monkeypatch, caplog):
    def broken(**_options):
        raise RuntimeError("password=hunter2 in a stack frame")

    monkeypatch.setattr(chronicle.records, "relationships", broken)
    with caplog.at_level(logging.ERROR, logger="chronicle.api"):
        response = client.get("/api/relations")
    assert response.status_code == 500
    assert response.json() == {"error": "internal error", "detail": None}
    assert "hunter2" not in response.text
    (record,) = [r for r in caplog.records if r.name == "chronicle.api"]
    assert "GET /api/relations" in record.getMessage()
    assert record.exc_info and "hunter2" in str(record.exc_info[1])
    assert client.get("/api/head").status_code == 200  # the server goes on



def test_health_is_503_when_the_database_cannot_be_read(client, chronicle, monkeypatch):
    assert client.get("/api/health").json() == {"status": "ok"}

    def unreachable():
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(chronicle, "head", unreachable)
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json() == {"error": "service unavailable", "detail": "the database cannot be read"}
