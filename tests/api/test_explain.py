"""``GET /models/{id}/explain/{parent}`` on a real server."""

from __future__ import annotations

from tests.api.conftest import ApiServer


def test_explain_gives_the_claims_and_the_other_parents(api: ApiServer) -> None:
    with api.client() as c:
        r = c.get("/models/ORG/distill-small/explain/org/reasoner")
    assert r.status_code == 200
    data = r.json()
    assert (data["child"], data["parent"]) == ("org/Distill-Small", "org/Reasoner")
    assert data["verdict"]["related"] and data["verdict"]["relation"] == "distillation"
    [claim] = data["for"]
    assert (claim["kind"], claim["source"]) == ("card-prose", "card:org/Distill-Small")
    assert data["against"]["other_parents"] == {
        "card:org/Distill-Small": [
            {"parent": "other/Small", "relation": "finetune", "kind": "card-yaml"}
        ]
    }


def test_explain_of_unrelated_and_unknown_models(api: ApiServer) -> None:
    with api.client() as c:
        apart = c.get("/models/org/Chat/explain/other/Small").json()
        missing = c.get("/models/org/Chat/explain/nobody/here")
    assert apart["verdict"]["related"] is False and apart["for"] == []
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
