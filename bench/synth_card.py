"""Rendering of synthetic model cards: YAML front matter and prose bodies.

Bodies imitate the templates that fill the Hub (Trainer, TRL, Unsloth, PEFT,
mergekit, llama.cpp quantizers, diffusion LoRAs, the "More Information Needed"
card template). All choices come from the model's ``body_seed`` through a tiny
LCG, so rendering never touches the generator's random stream.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from bench.synth_model import SynthModel

T = TypeVar("T")
_MASK = (1 << 64) - 1
_HF = "https://huggingface.co/"


class Dice:
    """A cheap deterministic chooser driven by a 64-bit LCG (Knuth's MMIX constants)."""

    __slots__ = ("v",)

    def __init__(self, seed: int) -> None:
        self.v = seed & _MASK

    def below(self, n: int) -> int:
        """A number in ``range(n)``."""
        self.v = (self.v * 6364136223846793005 + 1442695040888963407) & _MASK
        return (self.v >> 24) % n

    def pick(self, seq: Sequence[T]) -> T:
        """One element of ``seq``."""
        return seq[self.below(len(seq))]

    def chance(self, percent: int) -> bool:
        """True ``percent`` times in a hundred."""
        return self.below(100) < percent


# --- YAML -------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.+/@:-]*")
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})


def _scalar(value: object, flow: bool, quote: bool) -> str:
    """One YAML scalar that ``yaml.safe_load`` reads back as ``value``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if (
        not quote
        and _PLAIN.fullmatch(text)
        and text.lower() not in _YAML_WORDS
        and not text.endswith(":")
        and not (flow and ":" in text)
    ):
        return text
    return json.dumps(text)


class _Style:
    """Per-card formatting habits: flow lists, indented dashes, quoted strings."""

    __slots__ = ("dash", "flow", "quote")

    def __init__(self, d: Dice) -> None:
        self.flow = d.chance(15)
        self.dash = "  - " if d.chance(30) else "- "
        self.quote = d.chance(8)


def _emit(key: str, value: Any, pad: str, out: list[str], st: _Style) -> None:
    if isinstance(value, dict):
        if not value:
            out.append(f"{pad}{key}: {{}}")
            return
        out.append(f"{pad}{key}:")
        for k2, v2 in value.items():
            _emit(k2, v2, pad + "  ", out, st)
    elif isinstance(value, list):
        if not value:
            out.append(f"{pad}{key}: []")
        elif any(isinstance(x, dict) for x in value):
            out.append(f"{pad}{key}:")
            for item in value:
                sub: list[str] = []
                for k2, v2 in item.items():
                    _emit(k2, v2, pad + "  ", sub, st)
                sub[0] = f"{pad}- {sub[0][len(pad) + 2 :]}"
                out.extend(sub)
        elif st.flow:
            inner = ", ".join(_scalar(x, True, st.quote) for x in value)
            out.append(f"{pad}{key}: [{inner}]")
        else:
            out.append(f"{pad}{key}:")
            dash = pad + st.dash
            out.extend(dash + _scalar(x, False, st.quote) for x in value)
    else:
        out.append(f"{pad}{key}: {_scalar(value, False, st.quote)}")


def render_yaml(data: dict[str, Any], d: Dice) -> str:
    """YAML text (no ``---`` fences) for a card-data dict."""
    st = _Style(d)
    out: list[str] = []
    for key, value in data.items():
        _emit(key, value, "", out, st)
    return "\n".join(out)


# --- Bodies -----------------------------------------------------------------

_FRAMEWORKS = (
    "- Transformers 4.44.2\n- Pytorch 2.4.0+cu121\n- Datasets 2.21.0\n- Tokenizers 0.19.1",
    "- Transformers 4.38.2\n- Pytorch 2.1.0+cu118\n- Datasets 2.18.0\n- Tokenizers 0.15.2",
    "- Transformers 4.46.3\n- Pytorch 2.5.1+cu124\n- Datasets 3.1.0\n- Tokenizers 0.20.3",
    "- Transformers 4.35.2\n- Pytorch 2.1.0+cu121\n- Datasets 2.15.0\n- Tokenizers 0.15.0",
)
_LRS = ("2e-05", "5e-05", "1e-04", "0.0002", "3e-05", "1e-05", "5e-06", "0.0001")
_MORE = "[More Information Needed]"
_TEMPLATE_SECTIONS = (
    "### Model Description\n\n<!-- Provide a longer summary of what this model is. -->\n\n"
    "This is the model card of a 🤗 transformers model that has been pushed on the Hub. "
    "This model card has been automatically generated.\n\n"
    f"- **Developed by:** {_MORE}\n- **Funded by [optional]:** {_MORE}\n"
    f"- **Shared by [optional]:** {_MORE}\n- **Model type:** {_MORE}\n"
    f"- **Language(s) (NLP):** {_MORE}\n- **License:** {_MORE}\n"
    f"- **Finetuned from model [optional]:** {_MORE}",
    f"### Model Sources [optional]\n\n- **Repository:** {_MORE}\n- **Paper [optional]:** {_MORE}"
    f"\n- **Demo [optional]:** {_MORE}",
    "## Uses\n\n<!-- Address questions around how the model is intended to be used, including "
    "the foreseeable users of the model and those affected by the model. -->\n\n"
    f"### Direct Use\n\n{_MORE}\n\n### Downstream Use [optional]\n\n{_MORE}\n\n"
    f"### Out-of-Scope Use\n\n{_MORE}",
    f"## Bias, Risks, and Limitations\n\n{_MORE}\n\n### Recommendations\n\n"
    "Users (both direct and downstream) should be made aware of the risks, biases and "
    "limitations of the model. More information needed for further recommendations.",
    "## How to Get Started with the Model\n\nUse the code below to get started with the model."
    f"\n\n{_MORE}",
    f"## Training Details\n\n### Training Data\n\n{_MORE}\n\n### Training Procedure\n\n"
    f"#### Preprocessing [optional]\n\n{_MORE}\n\n#### Training Hyperparameters\n\n"
    f"- **Training regime:** {_MORE}\n\n#### Speeds, Sizes, Times [optional]\n\n{_MORE}",
    f"## Evaluation\n\n### Testing Data, Factors & Metrics\n\n#### Testing Data\n\n{_MORE}\n\n"
    f"#### Factors\n\n{_MORE}\n\n#### Metrics\n\n{_MORE}\n\n### Results\n\n{_MORE}",
    "## Environmental Impact\n\nCarbon emissions can be estimated using the [Machine Learning "
    "Impact calculator](https://mlco2.github.io/impact#compute) presented in "
    "[Lacoste et al. (2019)](https://arxiv.org/abs/1910.09700).\n\n"
    f"- **Hardware Type:** {_MORE}\n- **Hours used:** {_MORE}\n- **Cloud Provider:** {_MORE}\n"
    f"- **Compute Region:** {_MORE}\n- **Carbon Emitted:** {_MORE}",
)
_LICENSE_PARAS = (
    'By clicking "I Accept" below or by using or distributing any portion or element of the '
    "Materials, you agree to be bound by this Agreement.",
    "Grant of Rights. You are granted a non-exclusive, worldwide, non-transferable and "
    "royalty-free limited license under the intellectual property or other rights owned by "
    "the licensor embodied in the Materials to use, reproduce, distribute, copy, create "
    "derivative works of, and make modifications to the Materials.",
    "Redistribution and Use. If you distribute or make available the Materials (or any "
    "derivative works thereof), or a product or service that uses any of them, you shall "
    "provide a copy of this Agreement with any such Materials and prominently display the "
    "attribution notice on a related website, user interface, blogpost, about page, or "
    "product documentation.",
    "Disclaimer of Warranty. UNLESS REQUIRED BY APPLICABLE LAW, THE MATERIALS AND ANY OUTPUT "
    'AND RESULTS THEREFROM ARE PROVIDED ON AN "AS IS" BASIS, WITHOUT WARRANTIES OF ANY KIND.',
    "Limitation of Liability. IN NO EVENT WILL THE LICENSOR OR ITS AFFILIATES BE LIABLE UNDER "
    "ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, TORT, NEGLIGENCE, PRODUCTS LIABILITY, OR "
    "OTHERWISE, ARISING OUT OF THIS AGREEMENT, FOR ANY LOST PROFITS OR ANY INDIRECT, SPECIAL, "
    "CONSEQUENTIAL, INCIDENTAL, EXEMPLARY OR PUNITIVE DAMAGES.",
)
LONG_LICENSE = "## License Agreement\n\n" + "\n\n".join(
    f"{i}. {p}" for i, p in enumerate(_LICENSE_PARAS * 6, 1)
)
_QUANTS = (
    ("Q8_0", 1.06, "Extremely high quality, generally unneeded but max available quant."),
    ("Q6_K_L", 0.84, "Uses Q8_0 for embed and output weights. Very high quality, recommended."),
    ("Q6_K", 0.82, "Very high quality, near perfect, *recommended*."),
    ("Q5_K_M", 0.71, "High quality, *recommended*."),
    ("Q5_K_S", 0.69, "High quality, *recommended*."),
    ("Q4_K_L", 0.64, "Uses Q8_0 for embed and output weights. Good quality, recommended."),
    ("Q4_K_M", 0.61, "Good quality, default size for most use cases, *recommended*."),
    ("Q4_K_S", 0.58, "Slightly lower quality with more space savings, *recommended*."),
    ("IQ4_XS", 0.55, "Decent quality, smaller than Q4_K_S with similar performance."),
    ("Q3_K_L", 0.53, "Lower quality but usable, good for low RAM availability."),
    ("Q3_K_M", 0.49, "Low quality."),
    ("IQ3_M", 0.46, "Medium-low quality, new method with decent performance."),
    ("Q2_K", 0.39, "Very low quality but surprisingly usable."),
    ("IQ2_M", 0.35, "Relatively low quality, uses SOTA techniques to be surprisingly usable."),
)
_BENCHES = (
    "MMLU",
    "ARC-C",
    "HellaSwag",
    "TruthfulQA",
    "Winogrande",
    "GSM8K",
    "HumanEval",
    "MATH",
    "GPQA",
    "IFEval",
    "BBH",
    "MuSR",
    "MMLU-PRO",
    "DROP",
    "AGIEval",
)


def _name(model_id: str) -> str:
    return model_id.rsplit("/", 1)[-1]


def _link(model_id: str) -> str:
    return f"[{model_id}]({_HF}{model_id})"


def _eval_table(d: Dice, rows: int) -> str:
    lines = ["| Benchmark | Score |", "|---|---|"]
    for i in range(rows):
        bench = _BENCHES[i % len(_BENCHES)]
        suffix = "" if i < len(_BENCHES) else f" ({i // len(_BENCHES)}-shot)"
        lines.append(f"| {bench}{suffix} | {20 + d.below(7000) / 100:.2f} |")
    return "\n".join(lines)


def _body_template(m: SynthModel, d: Dice) -> str:
    parts = [
        "# Model Card for Model ID\n\n<!-- Provide a quick summary of what the model is/does. -->",
        "## Model Details",
    ]
    keep = 3 + d.below(len(_TEMPLATE_SECTIONS) - 2)
    parts.extend(_TEMPLATE_SECTIONS[:keep])
    return "\n\n".join(parts)


def _body_base(m: SynthModel, d: Dice) -> str:
    name = _name(m.id)
    task = m.pipeline_tag or "text-generation"
    rows = 60 + d.below(150) if d.chance(3) else 4 + d.below(9)
    return (
        f"# {name}\n\n## Model Overview\n\n{name} is a model released by {m.author}. "
        f"It was pretrained on a large mixture of public data and is intended for {task}. "
        "It can be used directly or fine-tuned for downstream tasks; see the limitations "
        "section before deploying it.\n\n## How to use\n\n```python\n"
        "from transformers import pipeline\n\n"
        f'pipe = pipeline("{task}", model="{m.id}")\n'
        'print(pipe("Hello, my name is"))\n```\n\n'
        f"## Evaluation\n\n{_eval_table(d, rows)}\n\n"
        "## Limitations\n\nThe model may produce inaccurate or biased output and should not "
        "be relied upon for factual information without verification.\n\n"
        f"## Citation\n\n```bibtex\n@misc{{{m.author.lower()}{d.below(90) + 2000},\n"
        f"  title={{{name}}},\n  author={{{m.author} team}},\n  year={{2024}}\n}}\n```"
    )


def _body_standalone(m: SynthModel, d: Dice) -> str:
    name = _name(m.id)
    if m.library_name in ("stable-baselines3", "ml-agents", "sample-factory"):
        algo, _, env = name.partition("-")
        return (
            f"# **{algo.upper()}** Agent playing **{env}**\nThis is a trained model of a "
            f"**{algo.upper()}** agent playing **{env}** using the [stable-baselines3 "
            "library](https://github.com/DLR-RM/stable-baselines3).\n\n"
            "## Usage (with Stable-baselines3)\nTODO: Add your code\n\n```python\n"
            "from stable_baselines3 import ...\nfrom huggingface_sb3 import load_from_hub\n\n...\n```"
        )
    roll = d.below(10)
    if roll < 4:
        return _body_template(m, d)
    if roll < 7:
        ds = f"the {m.datasets[0]} dataset" if m.datasets else "an unknown dataset"
        return _trainer(m, d, f"This model was trained from scratch on {ds}.")
    if roll < 9:
        return _body_base(m, d)
    return (
        f"# {name}\n\nTODO: describe the model.\n\nTrained for a class project; "
        "weights are uploaded as-is, without evaluation. Use at your own risk."
    )


def _trainer(m: SynthModel, d: Dice, lead: str) -> str:
    rows = 3 + d.below(12)
    table = [
        "| Training Loss | Epoch | Step | Validation Loss |",
        "|:-------------:|:-----:|:----:|:---------------:|",
    ]
    loss = 1.5 + d.below(100) / 100
    for i in range(1, rows + 1):
        loss *= 0.9
        table.append(f"| {loss:.4f} | {i:.1f} | {i * 500} | {loss * 1.05:.4f} |")
    return (
        "<!-- This model card has been generated automatically according to the information "
        "the Trainer had access to. You\nshould probably proofread and complete it, then "
        f"remove this comment. -->\n\n# {_name(m.id)}\n\n{lead}\n"
        f"It achieves the following results on the evaluation set:\n- Loss: {loss:.4f}\n\n"
        "## Model description\n\nMore information needed\n\n"
        "## Intended uses & limitations\n\nMore information needed\n\n"
        "## Training and evaluation data\n\nMore information needed\n\n"
        "## Training procedure\n\n### Training hyperparameters\n\n"
        "The following hyperparameters were used during training:\n"
        f"- learning_rate: {d.pick(_LRS)}\n- train_batch_size: {2 ** d.below(6)}\n"
        f"- eval_batch_size: 8\n- seed: {d.below(100)}\n"
        "- optimizer: Use adamw_torch with betas=(0.9,0.999) and epsilon=1e-08\n"
        f"- lr_scheduler_type: {d.pick(('linear', 'cosine', 'constant'))}\n"
        f"- num_epochs: {rows}\n\n### Training results\n\n"
        + "\n".join(table)
        + f"\n\n### Framework versions\n\n{d.pick(_FRAMEWORKS)}"
    )


def _body_finetune(m: SynthModel, d: Dice) -> str:
    p = m.parents[0].id
    if m.parents[0].evidence == "prose" or d.chance(35):
        ds = (
            f"the {m.datasets[0]} dataset"
            if m.datasets
            else d.pick(("an unknown dataset", "the None dataset"))
        )
        return _trainer(m, d, f"This model is a fine-tuned version of {_link(p)} on {ds}.")
    if d.chance(40):
        return (
            f"# Uploaded  model\n\n- **Developed by:** {m.author}\n"
            f"- **License:** {m.license or 'apache-2.0'}\n- **Finetuned from model :** {p}\n\n"
            "This llama model was trained 2x faster with [Unsloth](https://github.com/unslothai/"
            "unsloth) and Huggingface's TRL library.\n\n[<img src=\"https://raw.githubusercontent"
            '.com/unslothai/unsloth/main/images/unsloth%20made%20with%20love.png" width="200"/>]'
            "(https://github.com/unslothai/unsloth)"
        )
    return (
        f"# Model Card for {_name(m.id)}\n\nThis model is a fine-tuned version of {_link(p)}.\n"
        "It has been trained using [TRL](https://github.com/huggingface/trl).\n\n"
        "## Quick start\n\n```python\nfrom transformers import pipeline\n\n"
        'question = "If you had a time machine, but could only go to the past or the future '
        'once and never return, which would you choose and why?"\n'
        f'generator = pipeline("text-generation", model="{m.id}", device="cuda")\n'
        'output = generator([{"role": "user", "content": question}], max_new_tokens=128, '
        'return_full_text=False)[0]\nprint(output["generated_text"])\n```\n\n'
        f"## Training procedure\n\nThis model was trained with {d.pick(('SFT', 'DPO', 'ORPO', 'GRPO'))}."
        "\n\n### Framework versions\n\n- TRL: 0.12.1\n- Transformers: 4.46.2\n- Pytorch: 2.5.1"
    )


def _body_adapter(m: SynthModel, d: Dice) -> str:
    p = m.parents[0].id
    if m.library_name == "diffusers":
        trigger = _name(m.id).split("-")[0].lower()
        return (
            f"# {_name(m.id)}\n\n<Gallery />\n\n## Model description\n\nA LoRA for {_link(p)}."
            f"\n\n## Trigger words\n\nYou should use `{trigger}` to trigger the image generation."
            "\n\n## Download model\n\nWeights for this model are available in Safetensors "
            f"format.\n\n[Download](/{m.id}/tree/main) them in the Files & versions tab."
        )
    if d.chance(50):
        body = _body_template(m, d).replace(
            f"**Finetuned from model [optional]:** {_MORE}", f"**Finetuned from model:** {p}", 1
        )
        return f"{body}\n\n### Framework versions\n\n- PEFT 0.{8 + d.below(6)}.{d.below(3)}"
    return (
        _trainer(
            m,
            d,
            f"This model is a fine-tuned version of {_link(p)} on "
            f"{'the ' + m.datasets[0] + ' dataset' if m.datasets else 'an unknown dataset'}"
            ".",
        )
        + f"\n- PEFT 0.{8 + d.below(6)}.0"
    )


def _body_quantized(m: SynthModel, d: Dice) -> str:
    p = m.parents[0].id
    name = _name(m.id)
    if "GGUF" in name and m.author in (
        "bartowski",
        "mradermacher",
        "QuantFactory",
        "lmstudio-community",
        "MaziyarPanahi",
        "second-state",
    ):
        pname = _name(p)
        size = 4 + d.below(60)
        release = 3000 + d.below(1500)
        rows = [
            "| Filename | Quant type | File Size | Description |",
            "| -------- | ---------- | --------- | ----------- |",
        ]
        for qt, frac, desc in _QUANTS[: 6 + d.below(len(_QUANTS) - 5)]:
            rows.append(
                f"| [{pname}-{qt}.gguf]({_HF}{m.id}/blob/main/{pname}-{qt}.gguf) "
                f"| {qt} | {size * frac:.2f}GB | {desc} |"
            )
        return (
            f'## Llamacpp imatrix Quantizations of {pname}\n\nUsing <a href="https://github.com/'
            'ggerganov/llama.cpp/">llama.cpp</a> release <a href="https://github.com/ggerganov/'
            f'llama.cpp/releases/tag/b{release}">b{release}</a> for '
            f"quantization.\n\nOriginal model: {_HF}{p}\n\nAll quants made using imatrix option."
            "\n\n## Prompt format\n\n```\n<|im_start|>system\n{system_prompt}<|im_end|>\n"
            "<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n```\n\n"
            "## Download a file (not the whole branch) from below:\n\n" + "\n".join(rows)
        )
    if "GGUF" in name:
        return (
            f"# {m.id}\nThis model was converted to GGUF format from [`{p}`]({_HF}{p}) using "
            "llama.cpp via the ggml.ai's [GGUF-my-repo](https://huggingface.co/spaces/ggml-org/"
            f"gguf-my-repo) space.\nRefer to the [original model card]({_HF}{p}) for more details "
            "on the model.\n\n## Use with llama.cpp\nInstall llama.cpp through brew (works on Mac "
            "and Linux)\n\n```bash\nbrew install llama.cpp\n```\n\n### CLI:\n```bash\n"
            f'llama-cli --hf-repo {m.id} --hf-file {name.lower()}.gguf -p "The meaning to life '
            'and the universe is"\n```'
        )
    if m.author == "mlx-community":
        return (
            f"# {m.id}\n\nThe Model [{m.id}]({_HF}{m.id}) was converted to MLX format from "
            f"[{p}]({_HF}{p}) using mlx-lm version **0.{18 + d.below(4)}.1**.\n\n"
            "## Use with mlx\n\n```bash\npip install mlx-lm\n```\n\n```python\n"
            f'from mlx_lm import load, generate\n\nmodel, tokenizer = load("{m.id}")\n```'
        )
    return (
        f"# {name}\n\nQuantized version of {_link(p)}.\n\n## Quantization\n\n"
        "Weights were quantized post-training; activations are kept in 16-bit. "
        "Accuracy is within one point of the original on the benchmarks below.\n\n"
        + _eval_table(d, 3 + d.below(5))
    )


def _body_merge(m: SynthModel, d: Dice) -> str:
    ids = [p.id for p in m.parents]
    method = d.pick(("slerp", "ties", "dare_ties", "linear", "model_stock", "della"))
    base = ids[0]
    cfg = "\n".join(
        f"  - model: {i}\n    parameters:\n      weight: {d.below(9) / 10 + 0.1:.1f}" for i in ids
    )
    return (
        f"# {_name(m.id)}\n\nThis is a merge of pre-trained language models created using "
        "[mergekit](https://github.com/cg123/mergekit).\n\n## Merge Details\n### Merge Method\n\n"
        f"This model was merged using the {method.upper()} merge method using {_link(base)} as a "
        "base.\n\n### Models Merged\n\nThe following models were included in the merge:\n"
        + "\n".join(f"* {_link(i)}" for i in ids[1:])
        + "\n\n### Configuration\n\nThe following YAML configuration was used to produce this "
        f"model:\n\n```yaml\nmodels:\n{cfg}\nmerge_method: {method}\nbase_model: {base}\n"
        "dtype: bfloat16\n```"
    )


def _body_distillation(m: SynthModel, d: Dice) -> str:
    p = m.parents[0].id
    return (
        f"# {_name(m.id)}\n\n{_name(m.id)} is a distilled version of {_link(p)}: a smaller "
        "student trained by knowledge distillation to match the teacher's output "
        "distribution on a mixture of instruction and reasoning data.\n\n## Evaluation\n\n"
        + _eval_table(d, 4 + d.below(6))
        + "\n\n## Usage\n\nUse it like any causal LM; "
        "the chat template is inherited from the teacher."
    )


_BODIES = {
    "standalone": _body_standalone,
    "base": _body_base,
    "finetune": _body_finetune,
    "adapter": _body_adapter,
    "quantized": _body_quantized,
    "merge": _body_merge,
    "distillation": _body_distillation,
}


def render_readme(m: SynthModel) -> str:
    """The README.md of ``m``: front matter, then a body in one of the Hub's templates."""
    d = Dice(m.body_seed)
    front = render_yaml(m.card_data, d)
    kind = m.kind if m.parents or m.kind in ("standalone", "base") else "standalone"
    body = _BODIES.get(kind, _body_standalone)(m, d)
    if d.chance(2):
        body = f"{body}\n\n{LONG_LICENSE}"
    return f"---\n{front}\n---\n\n{body}\n" if front else f"{body}\n"
