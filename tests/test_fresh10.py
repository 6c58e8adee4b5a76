"""Kinds of statement that randomly drawn cards hold: each rule beside a look-alike trap.

Precision first: recommendations, usage pointers, code bases, a sibling's line in a release
list, the experience of a predecessor and bare version numbers name no parent; a LoRA loaded
by its own card is an adapter, a repo that keeps its parent's name is a copy. And the
statements such cards make of their parent: pasted hyperparameters, "This is a `ORG/X`
model, trained …", a mirror, "evolved from", GPTQ "quantised models of", an FP16 pointer.
"""

from __future__ import annotations

from importers import scorer
from importers.card import read_card
from lineage.core.records import Relation
from tests.test_prose_recall import HUB, claims, parents

FT, AD, QU = Relation.FINETUNE, Relation.ADAPTER, Relation.QUANTIZED


def _card(front: str, body: str, model_id: str) -> dict[str, Relation]:
    record = read_card(f"---\n{front}\n---\n{body}", model_id, "README.md")
    return {c.parent: c.relation for c in record.claims}


# -- a base named only in pasted training hyperparameters --------------------------------


def test_model_name_or_path_in_pasted_hyperparameters() -> None:
    text = (
        "# lark-summarizer\n\nSummaries of meeting notes.\n\n## Hyperparameters\n\n```json\n"
        '{\n    "learning_rate": 3e-05,\n    "model_name_or_path": "larkco/lark-large-news",\n'
        '    "num_train_epochs": 2\n}\n```\n'
    )
    assert parents(text, "me/lark-summarizer") == {"larkco/lark-large-news": FT}
    yaml = "```yaml\nmodel_name_or_path: larkco/lark-large-news\nstage: sft\n```\n"
    assert parents(yaml, "me/lark-summarizer") == {"larkco/lark-large-news": FT}


def test_model_name_or_path_assigned_in_usage_code_is_no_parent() -> None:
    # Trap: a Python assignment loads a model to use it, it does not say what was trained.
    text = (
        '# lark-summarizer\n\n```python\nmodel_name_or_path = "larkco/lark-large-news"\n'
        "model = AutoModel.from_pretrained(model_name_or_path)\n```\n"
    )
    assert parents(text, "me/lark-summarizer") == {}


# -- a recommendation of another model, a usage pointer ----------------------------------


def _ruled_out(body: str, model_id: str) -> dict[str, str | None]:
    found = scorer.candidates(body, model_id, scorer.CardContext(), ruled_out=True)
    return {c.model_id: c.ruled_out for c in found}


def test_recommended_newer_model_is_no_parent() -> None:
    text = (
        "# owl-cnn-dialogs\n\n> To use it, you should try the newer fine-tuned "
        f"[me/owl-t5-dialogs]({HUB}/me/owl-t5-dialogs), which scores higher.\n\n"
        f"# TRY [me/owl-t5-dialogs]({HUB}/me/owl-t5-dialogs)\n"
    )
    assert _ruled_out(text, "me/owl-cnn-dialogs") == {"me/owl-t5-dialogs": "role"}
    assert parents(text, "me/owl-cnn-dialogs") == {}


def test_usage_pointer_to_other_adapters_is_no_parent() -> None:
    text = (
        "# kite-layout-adapter\n\n## Usage\n\nUse just like other kite adapters from "
        f"[kiteco/Kite-Adapter]({HUB}/kiteco/Kite-Adapter). For both sizes, use the image "
        f"encoder ([enc]({HUB}/kiteco/Kite-Adapter/tree/main/models/image_encoder)).\n"
    )
    assert _ruled_out(text, "me/kite-layout-adapter") == {"kiteco/Kite-Adapter": "role"}
    assert parents(text, "me/kite-layout-adapter") == {}


def test_a_linked_base_beside_the_usage_words_is_kept() -> None:
    # Trap: the same link credited as what the adapter was trained on top of.
    text = (
        "# kite-layout-adapter\n\nAn adapter trained on top of "
        f"[kiteco/Kite-Adapter]({HUB}/kiteco/Kite-Adapter) for layouts.\n"
    )
    assert "kiteco/Kite-Adapter" in parents(text, "me/kite-layout-adapter")


def test_a_folder_inside_a_repo_plays_a_role_but_a_checkpoint_file_does_not() -> None:
    folder = f"the encoder ([enc]({HUB}/kiteco/Kite-Adapter/tree/main/models/image_encoder))"
    ckpt = f"| [mix]({HUB}/kiteco/Kite-Mix/blob/main/kite-mix.safetensors) | 0.5 |"
    body = f"# x\n\nUse {folder}.\n\n| model | weight |\n|---|---|\n{ckpt}\n"
    assert _ruled_out(body, "me/x") == {"kiteco/Kite-Adapter": "role", "kiteco/Kite-Mix": None}


# -- code bases ----------------------------------------------------------------------------


def test_code_bases_an_implementation_is_built_on_are_no_parents() -> None:
    text = (
        "# Heron-TTS-Zh\n\nThis implementation is based on [TTS](https://github.com/x/TTS), "
        "[VITS](https://github.com/y/vits) and [Lark-VITS2](https://github.com/z/Lark-VITS2).\n"
    )
    assert parents(text, "heron/Heron-TTS-Zh") == {}


def test_a_model_based_on_a_named_release_keeps_it() -> None:
    # Trap: the subject is the model, not its code.
    text = "# Heron-TTS-Zh\n\nThis model is based on Lark-VITS2 and tuned on Chinese speech.\n"
    assert parents(text, "heron/Heron-TTS-Zh") == {"Lark-VITS2": FT}


# -- a sibling's line in a family release list ------------------------------------------


_RELEASES = (
    "# Kite-7B\n\nWe release all the models as follows:\n\n"
    "* **Kite-7B-multi** (this repo): Trained on many languages.\n"
    "* **Kite-7B-mono**: Further trained on Python.\n"
    "* **Kite-7B-instruct**: Further trained from Kite-7B-mono on instruction data.\n"
)


def test_a_siblings_line_in_a_release_list_is_not_this_cards() -> None:
    assert parents(_RELEASES, "kiteco/kite-7b-multi") == {}


def test_the_release_lists_line_of_this_card_counts() -> None:
    # Trap: on the instruct model's own card the same line is its own story.
    assert parents(_RELEASES, "kiteco/Kite-7B-instruct") == {"Kite-7B-mono": FT}


# -- the experience of a predecessor ------------------------------------------------------


def test_experience_of_the_first_generation_is_no_base() -> None:
    text = "# Lark2-6B\n\n基于 ChatGLM 初代模型的开发经验，我们全面升级了 Lark2-6B 的基座模型。\n"
    assert parents(text, "larkco/lark2-6b") == {}


def test_based_on_a_named_model_in_chinese_is_kept() -> None:
    # Trap: "based on X" with nothing about experience after it.
    text = "# Lark2-6B-Law\n\n本模型基于 ChatGLM 初代模型，面向法律问答。\n"
    assert parents(text, "larkco/lark2-6b-law") == {"ChatGLM": FT}


# -- version numbers without a model name ------------------------------------------------


def test_base_model_label_with_version_numbers_only() -> None:
    text = "# ChromaLark\n\nBase Model: **v1.5** & **2.0**\nNumber of Images: 19\n"
    assert parents(text, "me/ChromaLark") == {}


def test_base_model_label_with_a_named_version_is_kept() -> None:
    text = "# ChromaLark\n\nBase Model: Lark-Diffusion-1.5\nNumber of Images: 19\n"
    assert parents(text, "me/ChromaLark") == {"Lark-Diffusion-1.5": FT}


# -- a LoRA its own card loads as LoRA weights ---------------------------------------------


_LOAD = "```python\npipe = Pipeline.from_pretrained('owlco/Owl-Image-1')\npipe.load_lora_weights('{}')\n```\n"


def test_card_loading_itself_as_lora_weights_is_an_adapter() -> None:
    body = "# FilmLark\n\nFilmLark gives pictures a film look.\n\n" + _LOAD.format("me/FilmLark")
    assert _card("base_model: owlco/Owl-Image-1", body, "me/FilmLark") == {"owlco/Owl-Image-1": AD}


def test_card_loading_another_lora_stays_a_fine_tune() -> None:
    # Trap: a full fine-tune whose usage adds someone else's LoRA for speed.
    body = "# FilmLark\n\nFilmLark gives pictures a film look.\n\n" + _LOAD.format("fast/lcm-lora")
    assert _card("base_model: owlco/Owl-Image-1", body, "me/FilmLark") == {"owlco/Owl-Image-1": FT}


# -- a repo that keeps its parent's name --------------------------------------------------


def test_a_repo_named_like_its_declared_base_is_a_copy() -> None:
    assert _card("base_model: larkco/Lark-7B-Instruct", "# Lark\n", "mirrors/Lark-7B-Instruct") == {
        "larkco/Lark-7B-Instruct": QU
    }
    text = f"# Yarn\n\noriginal model: {HUB}/someone/Yarn-Lark-13b-128k\n"
    assert parents(text, "me/Yarn-Lark-13b-128k") == {"someone/Yarn-Lark-13b-128k": QU}


def test_a_renamed_or_stated_fine_tune_stays_a_fine_tune() -> None:
    assert _card("base_model: larkco/Lark-7B-Instruct", "# Lark\n", "me/Lark-7B-Instruct-law") == {
        "larkco/Lark-7B-Instruct": FT
    }
    # Trap: the card says it fine-tuned the model whose name it keeps.
    text = f"This model is a fine-tuned version of [Lark]({HUB}/larkco/Lark-7B-Instruct).\n"
    assert parents(text, "me/Lark-7B-Instruct") == {"larkco/Lark-7B-Instruct": FT}


# -- "This is a `ORG/X` model, trained …" --------------------------------------------------


def test_this_is_an_id_model_trained_on() -> None:
    text = "This is a `larkco/lark-code-mlm` model, trained for 1,000,000 steps on Go code.\n"
    assert parents(text, "me/lark-code-go") == {"larkco/lark-code-mlm": FT}


def test_this_is_an_id_model_trained_from_scratch_names_no_parent() -> None:
    text = "This is a `larkco/lark-code-mlm` model, trained from scratch on Go code.\n"
    assert parents(text, "me/lark-code-go") == {}


# -- a mirror ---------------------------------------------------------------------------


def test_mirror_of_a_deprecated_repo() -> None:
    text = (
        "# Lark Inpainting\n\n### This repository is a mirror of the now deprecated "
        "`larkml/lark-inpainting`, not affiliated with its authors.\n\n"
        "The model was initialized with the weights of "
        f"[Lark-1-2]({HUB}/larkvis/lark-1-2) and trained further.\n"
    )
    assert parents(text, "mirrors/lark-inpainting") == {"larkml/lark-inpainting": QU}


def test_another_models_re_upload_is_not_this_cards() -> None:
    # Trap: the sentence's subject is another release.
    text = f"# Owl\n\nOwl-2-7B is a re-upload of [Lark]({HUB}/larkco/lark-7b).\n"
    assert parents(text, "me/owl-3-7b") == {}


# -- "evolved from its predecessor" --------------------------------------------------------


def test_evolved_from_its_predecessor_is_a_fine_tune() -> None:
    text = (
        "Heron-7B-v0.1 is a text model, evolved from its predecessor, the "
        f"[Lark-7B-v0.1]({HUB}/larkco/Lark-7B-v0.1), through 70B more tokens.\n"
    )
    assert parents(text, "heronco/Heron-7B-v0.1") == {"larkco/Lark-7B-v0.1": FT}


def test_another_release_evolved_from_a_model_is_not_this_cards() -> None:
    text = f"# Heron-3-7B\n\nOur Heron-2-7B evolved from [Lark]({HUB}/larkco/Lark-7B-v0.1).\n"
    assert parents(text, "heronco/Heron-3-7B") == {}


# -- GPTQ "quantised models of", an FP16 pointer on a conversion card ----------------------


def test_gptq_format_quantised_models_of() -> None:
    text = (
        "This repo contains 4bit GPTQ format quantised models of "
        f"[Owl's Lark 13B]({HUB}/owlco/lark-13b-delta).\n\n## Other repositories\n\n"
        f"* [4-bit GGML]({HUB}/quants/lark-13B-GGML)\n"
        f"* [Unquantised fp16 weights]({HUB}/quants/lark-13B-HF)\n"
    )
    assert claims(text, "quants/lark-13B-GPTQ") == [("owlco/lark-13b-delta", QU)]
    assert parents(text, "quants/lark-13B-GPTQ") == {"owlco/lark-13b-delta": QU}


def test_denied_gptq_quantised_models_are_no_source() -> None:
    text = (
        "# Lark 13B\n\nThese are not GPTQ format quantised models of "
        f"[Lark 13B]({HUB}/owlco/lark-13b-delta).\n"
    )
    assert parents(text, "me/lark-13B-tuned") == {}


def test_fp16_pointer_of_a_gguf_card_outranks_a_copied_base_model() -> None:
    body = (
        "# Heron Theta 8B\n\n**This is the GGUF version of Heron Theta. For the FP16 model, "
        f"[Click Here]({HUB}/heronco/Instruct-Heron-Pro-8B)**\n\nHeron Theta merges Heron Pro "
        "and Lark.\n"
    )
    found = _card("base_model: heronco/Heron-Pro-8B", body, "heronco/Heron-Theta-8B-GGUF")
    assert found == {"heronco/Instruct-Heron-Pro-8B": QU}


def test_fp16_pointer_on_a_full_weights_card_is_no_parent() -> None:
    # Trap: a card of full weights pointing at another precision names no source.
    body = (
        f"# Heron Theta 8B\n\nFor the FP16 model, [Click Here]({HUB}/heronco/Heron-Theta-8B-fp16)\n"
    )
    assert _card("base_model: heronco/Heron-Pro-8B", body, "heronco/Heron-Theta-8B") == {
        "heronco/Heron-Pro-8B": FT
    }
