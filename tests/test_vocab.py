"""IRI paths: the fast path for plain ids encodes exactly as `urllib.parse.quote` does."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from lineage.core import vocab as v


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=40))
def test_path_is_quote(text: str) -> None:
    assert v._path(text) == quote(text, safe="/-._~")


@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,30}/[A-Za-z0-9._~-]{1,40}", fullmatch=True))
def test_plain_ids_round_trip(model_id: str) -> None:
    iri = v.model_iri(model_id)
    assert iri == v.MODEL_NS + model_id.casefold()
    assert v.model_key_from_iri(iri) == model_id.casefold()


def test_ids_with_reserved_characters_are_encoded() -> None:
    assert v.model_iri("Org/Name with space") == v.MODEL_NS + "org/name%20with%20space"
    assert v.model_iri("org/ünïcode") == v.MODEL_NS + "org/%C3%BCn%C3%AFcode"
