from chronicle.config import Settings
from chronicle.tokens import TokenStore


def test_created_tokens_are_stored_hashed_and_checked_by_scope(chronicle):
    store = TokenStore(chronicle.db, Settings())
    assert not store.writes_configured()
    token = store.create("ci", "write")
    reader = store.create("dashboard", "read")
    assert token.startswith("chr_") and store.writes_configured()
    assert store.allows(token, "write") and store.allows(token, "read")
    assert store.allows(reader, "read") and not store.allows(reader, "write")
    assert not store.allows(token + "x", "write")
    with chronicle.db.read() as conn:
        stored = [r[0] for r in conn.exec_driver_sql("SELECT token_sha256 FROM api_tokens")]
    assert token not in stored and len(stored) == 2
    info = store.list()[0]
    assert store.revoke(info.id) and not store.allows(token, "write")


def test_environment_tokens_grant_writes_and_the_read_token_only_reads(chronicle):
    store = TokenStore(chronicle.db, Settings(api_tokens=("w1", "w2"), read_token="r"))
    assert store.writes_configured()
    assert store.allows("w2", "write") and store.allows("r", "read")
    assert not store.allows("r", "write") and not store.allows("", "read")
