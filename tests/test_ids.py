"""Reading model and dataset references as real cards write them."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lineage.core.ids import NOT_A_NAMESPACE, dataset_id, key, normalize, parse_reference


@pytest.mark.parametrize(
    ("raw", "model_id", "revision"),
    [
        ("meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-8B", None),
        ("  'Qwen/Qwen2.5-7B'  ", "Qwen/Qwen2.5-7B", None),
        ("https://huggingface.co/openai/whisper-small", "openai/whisper-small", None),
        ("https://huggingface.co/openai/whisper-small/", "openai/whisper-small", None),
        ("http://www.huggingface.co/openai/whisper-small", "openai/whisper-small", None),
        ("hf.co/google/gemma-2b-it", "google/gemma-2b-it", None),
        ("HF.CO/google/gemma-2b-it", "google/gemma-2b-it", None),
        ("google/gemma-2b-it@a1b2c3", "google/gemma-2b-it", "a1b2c3"),
        ("https://huggingface.co/org/name/tree/v1.0", "org/name", "v1.0"),
        ("https://huggingface.co/org/name/blob/main/config.json", "org/name", "main"),
        ("https://huggingface.co/org/name/resolve/dev/x.gguf", "org/name", "dev"),
        ("org/name/subfolder", "org/name", None),
        ("https://huggingface.co/org/name?library=transformers", "org/name", None),
        ("gpt2", "gpt2", None),
        ("https://huggingface.co/bert-base-uncased", "bert-base-uncased", None),
    ],
)
def test_model_references(raw: str, model_id: str, revision: str | None) -> None:
    ref = parse_reference(raw)
    assert (ref.model_id, ref.revision, ref.unresolved) == (model_id, revision, None)


def test_mergekit_model_plus_lora() -> None:
    ref = parse_reference("mistralai/Mistral-7B-v0.1+someone/style-lora")
    assert (ref.model_id, ref.adapter) == ("mistralai/Mistral-7B-v0.1", "someone/style-lora")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("./checkpoints/final", "local path"),
        ("../out", "local path"),
        ("/mnt/workspace/models/Qwen2.5-VL-3B-Instruct", "local path"),
        ("~/models/x", "local path"),
        ("C:\\models\\x", "local path"),
        ("D:\\mergekit\\LORAs\\applied\\Book_RPv05", "local path"),
        # The Trainer links a local checkpoint as a Hub URL.
        ("https://huggingface.co//content/drive/MyDrive/run", "local path"),
        ("https://huggingface.co/./output_dir", "local path"),
        ("None", "empty or placeholder value"),
        ("https://huggingface.co/None", "empty or placeholder value"),
        ("null", "empty or placeholder value"),
        ("", "empty or placeholder value"),
        ("https://github.com/org/repo", "URL outside the Hugging Face Hub"),
        ("github.com/org/repo", "URL outside the Hugging Face Hub"),
        ("www.modelscope.cn/models/org/name", "URL outside the Hugging Face Hub"),
        ("https://huggingface.co/datasets/org/data", "Hub URL of something other than a model"),
        ("https://huggingface.co/spaces/org/app", "Hub URL of something other than a model"),
        ("https://huggingface.co/models?search=llama", "Hub page, not a model"),
        ("models--org--name", "not a Hub model id"),
        ("org/na..me", "not a Hub model id"),
        ("Meta Llama 3.1 8B", "not a Hub model id"),
        ("org/-bad", "not a Hub model id"),
    ],
)
def test_unresolved_references(raw: str, reason: str) -> None:
    ref = parse_reference(raw)
    assert ref.model_id is None
    assert ref.unresolved == reason


@pytest.mark.parametrize("raw", [42, 3.5, None, True, {"name": "org/x"}, ["org/x"]])
def test_non_strings_are_unresolved(raw: object) -> None:
    ref = parse_reference(raw)
    assert ref.model_id is None
    assert ref.unresolved == f"not a string ({type(raw).__name__})"


def test_hf_cache_path_names_the_repo() -> None:
    path = "/workspace/cache/models--BigOrg--Big-Model-7b/snapshots/3facb4c0a7b9/"
    ref = parse_reference(path)
    assert (ref.model_id, ref.revision) == ("BigOrg/Big-Model-7b", "3facb4c0a7b9")
    windows = parse_reference("C:\\hf\\hub\\models--a-b--c.d\\blobs")
    assert (windows.model_id, windows.revision) == ("a-b/c.d", None)


def test_key_is_case_insensitive_and_normalize_raises() -> None:
    assert key("Qwen/Qwen2.5-7B") == key("qwen/qwen2.5-7b")
    assert normalize("https://hf.co/Qwen/Qwen2.5-7B") == "Qwen/Qwen2.5-7B"
    with pytest.raises(ValueError, match="local path"):
        normalize("./x")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HuggingFaceH4/ultrachat_200k", "HuggingFaceH4/ultrachat_200k"),
        ("https://huggingface.co/datasets/AI-MO/NuminaMath-TIR", "AI-MO/NuminaMath-TIR"),
        ("https://huggingface.co/datasets/AI-MO/NuminaMath-TIR/viewer?x=1", "AI-MO/NuminaMath-TIR"),
        ("datasets/org/data", "org/data"),
        ("imdb", "imdb"),
        ("Common Voice 11.0", "Common Voice 11.0"),
        ("None", None),
        ("unknown", None),
        ("https://example.com/data.zip", None),
        (12, None),
        (None, None),
    ],
)
def test_dataset_ids(raw: object, expected: str | None) -> None:
    assert dataset_id(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "https://hf.co/settings/tokens",
        "https://huggingface.co/organizations/some-team/share",
        "outputs/Blend-Two-7b",
        "checkpoints/run-3",
        "USERNAME/MODEL_NAME",
        "your-username/finetuned-thing",
        "YOUR_ORG/my-model",
        "yourusername/tiny-model",
        "yourhfid/model",
    ],
)
def test_site_pages_local_folders_and_placeholders_are_no_namespace(raw: str) -> None:
    ref = parse_reference(raw)
    assert ref.model_id is None
    assert ref.unresolved == NOT_A_NAMESPACE


@pytest.mark.parametrize(
    "raw",
    ["youri-lab/Small-1b", "YourTTS/voice-v2", "outputlab/model", "ckpt-hub/thing", "user/model"],
)
def test_namespaces_that_only_look_like_placeholders_stay_ids(raw: str) -> None:
    assert parse_reference(raw).model_id == raw


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="./\\~:aZ9-_ \n", max_size=8))
@example("C:\\models")
@example("a\\b")
@example("\n/x")
def test_local_path_test_is_the_search_it_replaces(text: str) -> None:
    from lineage.core import ids

    searched = re.compile(r"^(?:\.{1,2}[/\\]|/|~[/\\]|[A-Za-z]:[\\/])|\\").search(text)
    assert ids._local(text) is (searched is not None)
