"""The one model-name splitter the card readers share, and its white-space variant."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from importers import roles
from importers.card_names import tokens
from importers.card_signals import adapter_name, merged_name
from importers.prose_names import name_tokens, name_words


def test_name_tokens_split_at_dash_underscore_and_dot_in_lower_case() -> None:
    assert name_tokens("Owl_7B-Chat.v2") == ["owl", "7b", "chat", "v2"]
    assert name_tokens("--Owl__7B..") == ["owl", "7b"]
    assert name_tokens("Owl 7B") == ["owl 7b"]
    assert roles.name_tokens is name_tokens


def test_name_words_also_split_at_white_space() -> None:
    assert name_words("Lark v1.2 (Photo)") == ["lark", "v1", "2", "(photo)"]
    assert name_words(" Owl-7B \t Chat ") == ["owl", "7b", "chat"]
    assert tokens("finch/Owl 7B_chat") == ["owl", "7b", "chat"]


_NAME = st.text(st.sampled_from("aBß-_.İΣK ſx7"), max_size=12)


@given(_NAME)
def test_folding_the_case_before_or_after_splitting_gives_the_same_tokens(name: str) -> None:
    # Why a reader that folded each token may use the tokens of the folded name.
    split = re.compile(r"[-_.]")
    assert name_tokens(name) == [t.casefold() for t in split.split(name) if t]


def test_adapter_and_merged_tokens_of_a_name() -> None:
    assert adapter_name("Owl-7B-QLoRA") and adapter_name("owl.Adapter")
    assert not adapter_name("Owl-7B-LoRAx") and not adapter_name("Floral-7B")
    assert merged_name("Owl_7B_Merged") and merged_name("owl-FULL")
    assert not merged_name("Owl-7B-Fuller") and not merged_name("Unmerged-7B")
