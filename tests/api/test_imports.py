"""POST /api/imports: an uploaded or pasted article goes to the review queue (or, with accept=true, the record)."""

from __future__ import annotations

from tests.api.conftest import AUTH

ARTICLE = (
    "---\ntitle: Minsk and Seoul sign a memorandum\npublisher: Test Agency\nurl: https://example.org/memo\n"
    "published: 2019-05-20\nlanguage: en\n---\n\n"
    "On 14 May 2019 the Foreign Ministers of Belarus and the Republic of Korea signed a memorandum of "
    "understanding on cooperation in education in Seoul.\n"
)


def test_a_dry_run_reports_candidates_and_writes_nothing(client, chronicle):
    response = client.post("/api/imports", data={"text": ARTICLE, "dry_run": "true"}, headers=AUTH)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["dry_run"] is True and report["added"] >= 1
    assert report["events"][0]["type"] == "agreement.signed"
    assert chronicle.head().position == 0


def test_an_upload_is_queued_for_review_and_nothing_is_recorded(client, chronicle):
    files = {"file": ("memo.md", ARTICLE.encode(), "text/markdown")}
    first = client.post("/api/imports", files=files, headers=AUTH)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["queued"] and body["proposals"] >= 1 and body["review"] == f"/review/{body['document']}"
    assert chronicle.head().position == 0
    queued = client.get(f"/api/review/{body['document']}").json()
    assert queued["title"] == "Minsk and Seoul sign a memorandum" and queued["queued_by"] == "CHRONICLE_API_TOKENS #1"
    again = client.post("/api/imports", files=files, headers=AUTH).json()
    assert not again["queued"] and again["document"] == body["document"]


def test_an_uploaded_file_is_imported_once_with_accept(client, chronicle):
    files = {"file": ("memo.md", ARTICLE.encode(), "text/markdown")}
    first = client.post("/api/imports", files=files, data={"accept": "true"}, headers=AUTH)
    assert first.status_code == 201, first.text
    assert first.json()["added"] >= 1 and first.json()["title"] == "Minsk and Seoul sign a memorandum"
    event_id = first.json()["events"][0]["id"]
    detail = client.get(f"/api/events/{event_id}").json()
    assert detail["citations_all"][0]["source"]["url"] == "https://example.org/memo"
    again = client.post("/api/imports", files=files, data={"accept": "true"}, headers=AUTH).json()
    assert again["added"] == 0 and again["skipped"] == first.json()["added"]


def test_imports_need_a_write_token_dry_or_not(client, chronicle):
    for dry in ("false", "true"):
        assert client.post("/api/imports", data={"text": ARTICLE, "dry_run": dry}).status_code == 401
        nope = {"Authorization": "Bearer nope"}
        assert client.post("/api/imports", data={"text": ARTICLE, "dry_run": dry}, headers=nope).status_code == 403
    assert chronicle.head().position == 0


def test_the_token_is_checked_before_the_form(client):
    response = client.post("/api/imports", data={"dry_run": "maybe"})
    assert response.status_code == 401, response.text


def test_an_import_is_bounded_in_length_and_one_runs_at_a_time(client, chronicle):
    from api.routes import imports

    long = ARTICLE + "Filler sentence about nothing at all. " * (imports.MAX_IMPORT_CHARACTERS // 38 + 1)
    response = client.post("/api/imports", data={"text": long, "dry_run": "true"}, headers=AUTH)
    assert response.status_code == 413 and "chronicle import" in response.json()["detail"]
    assert imports._one_at_a_time.acquire(blocking=False)  # as if another import were running
    try:
        busy = client.post("/api/imports", data={"text": ARTICLE, "dry_run": "true"}, headers=AUTH)
        assert busy.status_code == 429 and busy.headers["retry-after"] == "5"
    finally:
        imports._one_at_a_time.release()
    assert client.post("/api/imports", data={"text": ARTICLE, "dry_run": "true"}, headers=AUTH).status_code == 200
    assert chronicle.head().position == 0


def test_bad_documents_are_refused_with_a_reason(client, chronicle):
    empty = client.post("/api/imports", data={"text": "   "}, headers=AUTH)
    assert empty.status_code == 422 and empty.json()["error"] == "invalid document"
    binary = client.post("/api/imports", files={"file": ("x.bin", bytes(range(256)) * 20)}, headers=AUTH)
    assert binary.status_code == 422
    both = client.post("/api/imports", data={"text": ARTICLE}, files={"file": ("a.txt", b"x")}, headers=AUTH)
    assert both.status_code == 422
    undecodable = client.post("/api/imports", files={"file": ("x.txt", bytes(range(128, 256)) * 30)}, headers=AUTH)
    assert undecodable.status_code == 422 and undecodable.json()["error"] == "invalid document"
    empty_file = client.post("/api/imports", files={"file": ("e.md", b"")}, headers=AUTH)
    assert empty_file.status_code == 422
    assert chronicle.head().position == 0 and chronicle.review_documents() == []


def test_an_upload_over_the_size_limit_is_refused_and_nothing_is_queued(make_client, chronicle):
    client = make_client(max_body_bytes=4096)
    big = client.post("/api/imports", files={"file": ("big.md", ARTICLE.encode() * 40)}, headers=AUTH)
    assert big.status_code == 413 and big.json()["error"] == "content too large"
    assert chronicle.review_documents() == []
