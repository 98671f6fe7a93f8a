"""The review pages over a TestClient: read-only without the token, the token in an HttpOnly SameSite=Strict
cookie, CSRF on every form, uploads (bad ones refused, nothing queued), decisions and the importer's record."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import WRITE_TOKEN
from tests.web.helpers import web_for

ARTICLE = (
    "---\ntitle: Minsk and Seoul sign a memorandum\npublished: 2019-05-20\nlanguage: en\n---\n\n"
    "On 14 May 2019 the Foreign Ministers of Belarus and the Republic of Korea signed a memorandum of "
    "understanding on cooperation in education in Seoul.\n\n"
    "In 2018 the trade turnover between Belarus and the Republic of Korea amounted to $120 million.\n"
)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@pytest.fixture
def web(chronicle):
    return web_for(chronicle, api_tokens=(WRITE_TOKEN,))


def signed_in(web) -> str:
    csrf = csrf_of(web.get("/review").text)
    response = web.post("/review/token", data={"token": WRITE_TOKEN, "csrf": csrf}, follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "chronicle_token=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    return csrf


def test_without_the_token_the_pages_are_read_only(web, chronicle):
    page = web.get("/review")
    assert page.status_code == 200 and 'name="token"' in page.text and "/review/upload" not in page.text
    assert web.post("/review/upload", data={"text": ARTICLE, "csrf": csrf_of(page.text)}).status_code == 403
    assert chronicle.review_documents() == []


def test_a_wrong_token_is_refused(web):
    csrf = csrf_of(web.get("/review").text)
    assert web.post("/review/token", data={"token": "nope", "csrf": csrf}).status_code == 403


def test_every_form_needs_the_csrf_token(web, chronicle):
    signed_in(web)
    assert web.post("/review/upload", data={"text": ARTICLE}).status_code == 403
    assert web.post("/review/upload", data={"text": ARTICLE, "csrf": "forged"}).status_code == 403
    assert chronicle.review_documents() == []


def test_bad_uploads_get_one_clear_error_and_nothing_is_queued(web, chronicle):
    csrf = signed_in(web)
    for name, data in (("x.bin", bytes(range(256)) * 20), ("e.txt", b""), ("u.txt", bytes(range(128, 256)) * 30)):
        page = web.post("/review/upload", data={"csrf": csrf}, files={"file": (name, data)})
        assert page.status_code == 422 and 'id="upload-error"' in page.text, name
    assert chronicle.review_documents() == []


def test_upload_decide_and_the_record(web, chronicle):
    csrf = signed_in(web)
    uploaded = web.post("/review/upload", data={"csrf": csrf},
                        files={"file": ("memo.md", ARTICLE.encode(), "text/markdown")}, follow_redirects=False)
    assert uploaded.status_code == 303
    page = web.get(uploaded.headers["location"])
    doc = chronicle.review_document(uploaded.headers["location"].rsplit("/", 1)[1])
    assert page.text.count('<mark class="proposal') >= len(doc["proposals"]) >= 2
    first, second = doc["proposals"][:2]
    edit = {"csrf": csrf, "action": "edit", "type": first["type"], "date": "2019-05-15",
            "parties": ", ".join(first["envelope"]["parties"]), "actors": "; ".join(first["envelope"]["actors"]),
            "attributes": __import__("json").dumps(first["envelope"]["attributes"])}
    assert web.post(f"/review/{doc['id']}/proposals/{first['id']}", data=edit, follow_redirects=False).status_code == 303
    reject = {"csrf": csrf, "action": "reject", "reason": "the figure is another year's"}
    assert web.post(f"/review/{doc['id']}/proposals/{second['id']}", data=reject, follow_redirects=False).status_code == 303
    again = web.post(f"/review/{doc['id']}/proposals/{second['id']}", data={"csrf": csrf, "action": "accept"})
    assert again.status_code == 409
    (kept, rejected) = chronicle.review_history(doc["id"])
    assert kept["edited_fields"] == ["date"] and rejected["action"] == "rejected"
    assert chronicle.records.event(kept["event_id"])["date"] == "2019-05-15"
    record = web.get("/review/record").text
    assert re.search(r'id="record-total".*?class="num edited">1<.*?class="num rejected">1<', record, re.S)
