"""Finding and loading YAML front matter, including hostile and broken input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from importers.frontmatter import (
    MAX_CARD_BYTES,
    decode_card,
    load_yaml,
    split_front_matter,
)
from lineage.core.errors import CardError

CARDS = Path(__file__).parent / "fixtures" / "cards"


def fixture_text(name: str) -> str:
    return (CARDS / name).read_text(encoding="utf-8")


def card_error(text: str) -> str:
    with pytest.raises(CardError) as info:
        split_front_matter(text, "where/README.md")
    assert info.value.path == "where/README.md"
    assert "\n" not in info.value.reason
    return info.value.reason


def test_front_matter_at_start() -> None:
    found = split_front_matter(fixture_text("peft_adapter.md"), "x")
    assert found.found
    assert found.data["base_model"] == "orchard/apple-7b-instruct"
    assert found.data["tags"] == [
        "base_model:adapter:orchard/apple-7b-instruct",
        "lora",
        "sft",
        "trl",
    ]
    assert found.body.lstrip().startswith("# Model Card for pear-support-lora")


def test_front_matter_after_a_preamble_keeps_the_preamble_in_the_prose() -> None:
    found = split_front_matter(fixture_text("preamble.md"), "x")
    assert found.data == {
        "license": "mit",
        "library_name": "transformers",
        "base_model": "quartz/sand-3b",
        "base_model_relation": "finetune",
    }
    assert found.body.startswith(
        "# quartz/glass-3b\n\nsource: https://huggingface.co/quartz/glass-3b"
    )
    assert "# Glass 3B" in found.body


def test_front_matter_at_the_end() -> None:
    found = split_front_matter(fixture_text("end_front_matter.md"), "x")
    assert found.data["base_model"] == "beacon/lantern-base-2b"
    assert found.data["language"] == ["en", False]  # YAML 1.1 reads Norwegian "no" as false
    assert "license:" not in found.body
    assert found.body.startswith("# Lantern 2B")


def test_no_front_matter() -> None:
    text = fixture_text("distilled.md")
    found = split_front_matter(text, "x")
    assert (found.data, found.found, found.body) == ({}, False, text)


def test_horizontal_rules_are_not_front_matter() -> None:
    found = split_front_matter(fixture_text("horizontal_rules.md"), "x")
    assert (found.data, found.found) == ({}, False)
    assert "fine-tuned version of [burrow/groundhog-7b]" in found.body


def test_guessed_block_must_hold_a_card_key() -> None:
    text = "Intro line\n\n---\nNote: written on a train\n---\n\nMore prose.\n"
    assert split_front_matter(text, "x").found is False


def test_guessed_block_with_bad_yaml_is_prose_not_an_error() -> None:
    text = "# Title\n\n---\nlicense: [mit\n---\n\nProse.\n"
    found = split_front_matter(text, "x")
    assert (found.data, found.found) == ({}, False)


def test_empty_front_matter_is_an_empty_mapping() -> None:
    found = split_front_matter("---\n---\n# Card\n", "x")
    assert (found.data, found.found, found.body) == ({}, True, "# Card\n")


def test_bom_and_crlf() -> None:
    lf = (CARDS / "gguf_my_repo.md").read_bytes()
    data = b"\xef\xbb\xbf" + lf.replace(b"\n", b"\r\n")
    found = split_front_matter(decode_card(data, "x"), "x")
    assert found.data["base_model"] == "harbor/lighthouse-8b"
    assert found.data["tags"] == ["llama-cpp", "gguf-my-repo"]
    assert "\r" not in found.body


def test_old_mac_line_ends() -> None:
    found = split_front_matter("---\rlicense: mit\r---\rBody\r", "x")
    assert (found.data, found.body) == ({"license": "mit"}, "Body\n")


def test_legacy_8bit_encoding_falls_back_to_windows_1252() -> None:
    # Smart quotes are 0x93/0x94 in Windows-1252; as latin-1 they would be control
    # characters that YAML refuses.
    text = (
        "---\nlicense: other\nlicense_name: “café-libre”\n---\n" + "# Café au lait, déjà vu.\n" * 5
    )
    found = split_front_matter(decode_card(text.encode("cp1252"), "x"), "x")
    assert found.data["license_name"] == "“café-libre”"
    assert "# Café au lait, déjà vu." in found.body


def test_one_bad_byte_in_utf8_keeps_the_rest() -> None:
    body = "# 模型 — données " * 20
    data = ("---\nlicense: mit\n---\n" + body).encode("utf-8") + b"\xff"
    text = decode_card(data, "x")
    assert text.endswith("\ufffd")
    assert "模型 — données" in text
    assert split_front_matter(text, "x").data == {"license": "mit"}


def test_utf16_with_bom() -> None:
    data = "---\nlicense: mit\n---\nHi\n".encode("utf-16")
    assert split_front_matter(decode_card(data, "x"), "x").data == {"license": "mit"}


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "\ufeff"])
def test_empty_file(text: str) -> None:
    assert card_error(text) == "empty file"


def test_empty_fixture_file() -> None:
    assert card_error(decode_card((CARDS / "empty.md").read_bytes(), "x")) == "empty file"


def test_enormous_file_is_refused_before_decoding() -> None:
    data = b"---\nlicense: mit\n---\n" + b"a" * MAX_CARD_BYTES
    with pytest.raises(CardError, match=r"file too large \(\d+ bytes, limit 5242880\)"):
        decode_card(data, "x")
    assert card_error("x" * (MAX_CARD_BYTES + 1)).startswith("file too large")


def test_missing_closing_fence() -> None:
    assert card_error(fixture_text("unclosed.md")) == (
        "front matter opened on line 1 is never closed with '---'"
    )


def test_malformed_yaml_names_the_problem_and_file_line() -> None:
    reason = card_error(fixture_text("malformed.md"))
    assert reason.startswith("malformed YAML front matter: ")
    assert reason.endswith("(line 4)")


def test_malformed_yaml_line_counts_blank_lines_before_the_fence() -> None:
    reason = card_error("\n\n---\nlicense: mit\n  bad: indent\n---\n")
    assert reason.startswith("malformed YAML front matter: ")
    assert reason.endswith("(line 5)")


def test_front_matter_that_is_not_a_mapping() -> None:
    assert card_error(fixture_text("not_mapping.md")) == "front matter is not a mapping (got list)"
    assert card_error("---\njust a sentence\n---\n") == "front matter is not a mapping (got str)"


@pytest.mark.parametrize("pure_python", [False, True])
def test_alias_bomb_fails_fast(pure_python: bool) -> None:
    source = fixture_text("alias_bomb.md").split("---\n")[1]
    started = time.perf_counter()
    with pytest.raises(CardError, match=r"expands beyond 200000 nodes \(alias bomb\?\)"):
        load_yaml(source, "x", pure_python=pure_python)
    assert time.perf_counter() - started < 1.0


def test_alias_bomb_card() -> None:
    assert card_error(fixture_text("alias_bomb.md")) == (
        "YAML front matter expands beyond 200000 nodes (alias bomb?)"
    )


def test_alias_bomb_after_a_preamble_is_refused_too() -> None:
    bomb = fixture_text("alias_bomb.md").replace("---\n", "---\nlicense: mit\n", 1)
    assert card_error("# org/bomb\n\nsource: x\n\n" + bomb).startswith("YAML front matter expands")


def test_modest_anchor_reuse_is_fine() -> None:
    data = load_yaml("base: &b {lr: 0.1}\nrun1: *b\nrun2: *b\n", "x")
    assert data["run1"] == data["run2"] == {"lr": 0.1}


@pytest.mark.parametrize("pure_python", [False, True])
def test_recursive_alias_is_refused(pure_python: bool) -> None:
    with pytest.raises(CardError, match="recursive alias"):
        load_yaml("a: &a [1, *a]\n", "x", pure_python=pure_python)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(CardError, match=r"malformed YAML front matter|nests too deeply"):
        load_yaml("a: " + "[" * 3000 + "]" * 3000, "x")


@pytest.mark.parametrize("pure_python", [False, True])
def test_dates_stay_strings(pure_python: bool) -> None:
    data = load_yaml(
        "release_date: 2024-06-17\nstamp: 2001-12-14t21:59:43.10-05:00\n",
        "x",
        pure_python=pure_python,
    )
    assert data == {"release_date": "2024-06-17", "stamp": "2001-12-14t21:59:43.10-05:00"}


def test_python_tags_are_refused() -> None:
    with pytest.raises(CardError, match="malformed YAML front matter"):
        load_yaml("x: !!python/object/apply:os.system ['true']\n", "x")


@pytest.mark.parametrize("pure_python", [False, True])
@pytest.mark.parametrize("scalar", ["0b_", "0x_"])
def test_scalars_pyyaml_cannot_construct_are_card_errors(scalar: str, pure_python: bool) -> None:
    with pytest.raises(CardError, match="malformed YAML front matter"):
        load_yaml(f"license: mit\nvalue: {scalar}\n", "x/README.md", pure_python=pure_python)
