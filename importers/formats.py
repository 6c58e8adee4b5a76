"""Weight formats and quantisation types, from what a source already says (pure).

A conversion says what it is in its tags (``gguf``, ``4-bit``, ``awq``), its library
(``mlx``, ``gguf``), its file names (``model-Q4_K_M.gguf``, ``openvino_model.xml``), a
GGUF header's ``general.file_type`` and its model id (``…-GGUF``, ``…-AWQ``,
``…-bnb-4bit``, ``mlx-community/…-8bit``). `describe` reads them all; `fill` puts the
answer on a record. Only whole tokens count (``-awq`` in an id, not ``hawq``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from lineage.core.records import SourceRecord

# Token (lower case) → format name as users write it.
FORMAT_TOKENS: dict[str, str] = {
    "gguf": "GGUF",
    "ggml": "GGML",
    "mlx": "MLX",
    "onnx": "ONNX",
    "openvino": "OpenVINO",
    "awq": "AWQ",
    "gptq": "GPTQ",
    "exl2": "EXL2",
    "exl3": "EXL3",
    "bnb": "bitsandbytes",
    "bitsandbytes": "bitsandbytes",
    "hqq": "HQQ",
    "aqlm": "AQLM",
    "eetq": "EETQ",
    "fp8": "FP8",
    "compressed-tensors": "compressed-tensors",
    "ct2": "CTranslate2",
    "ctranslate2": "CTranslate2",
    "tensorrt": "TensorRT",
    "coreml": "Core ML",
}
# File names (lower case) whose presence says the format.
_FILE_SUFFIX = {".gguf": "GGUF", ".ggml": "GGML", ".onnx": "ONNX", ".mlpackage": "Core ML"}
_FILE_NAME = {"openvino_model.xml": "OpenVINO"}

# llama.cpp's ``general.file_type`` values (gguf's LlamaFileType, without MOSTLY_/ALL_).
GGUF_FILE_TYPES: dict[int, str] = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
    11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
    17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS",
    23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S",
    29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0",
}  # fmt: skip

_EDGE_L = r"(?<![a-z0-9])"
_EDGE_R = r"(?![a-z0-9])"
# llama.cpp quant types (Q4_K_M, IQ2_XXS, Q8_0, TQ1_0), written with _ or - or .
_GGUF_QUANT = re.compile(
    _EDGE_L + r"((?:i|t)?q([1-8])(?:[_.-](?:k|0|1|[smlx]{1,3}|nl))+)" + _EDGE_R
)
_FLOAT = re.compile(_EDGE_L + r"(bf16|f16|f32|fp16)" + _EDGE_R)
_BITS = re.compile(_EDGE_L + r"([1-8])[-_]?bits?" + _EDGE_R)
_INT = re.compile(_EDGE_L + r"int([48])" + _EDGE_R)
_WA = re.compile(_EDGE_L + r"(w([2348])a(?:4|8|16))" + _EDGE_R)
_SMALL_FLOAT = re.compile(_EDGE_L + r"((?:mx|nv)?fp([48])|nf(4))" + _EDGE_R)
_BPW = re.compile(_EDGE_L + r"(([1-8])(?:[._]\d{1,2})?[-_]?bpw)" + _EDGE_R)
_TOKEN = re.compile(r"[a-z0-9]+(?:-tensors)?")
# Every quantisation pattern above holds a digit: texts without one skip all seven scans.
_DIGIT = re.compile(r"\d")
_FLOAT_BITS = {"bf16": 16, "f16": 16, "fp16": 16, "f32": 32}


@dataclass(slots=True)
class Formats:
    """What a source says about its weights' formats and quantisation."""

    formats: set[str] = field(default_factory=set)
    quant_types: dict[str, int] = field(default_factory=dict)  # type → whole bits per weight

    def add_quant(self, name: str, bits: int) -> None:
        self.quant_types.setdefault(name, bits)


def _quants(text: str, out: Formats, floats: bool = False) -> None:
    """Quantisation types named in one lower-cased text (an id, a tag, a file name)."""
    if _DIGIT.search(text) is None:  # most tags and file names (≈ 15 % of a dump import's CPU)
        return
    # Each pattern holds a literal (q, bit, int, w, fp or nf, bpw): a substring test skips
    # the scans that cannot match (a model id with digits usually matches none).
    if "q" in text:
        for m in _GGUF_QUANT.finditer(text):
            out.add_quant(re.sub(r"[.-]", "_", m.group(1)).upper(), int(m.group(2)))
    if "bit" in text:
        for m in _BITS.finditer(text):
            out.add_quant(f"{m.group(1)}bit", int(m.group(1)))
    if "int" in text:
        for m in _INT.finditer(text):
            out.add_quant(f"int{m.group(1)}", int(m.group(1)))
    if "w" in text:
        for m in _WA.finditer(text):
            out.add_quant(m.group(1), int(m.group(2)))
    if "fp" in text or "nf" in text:
        for m in _SMALL_FLOAT.finditer(text):
            out.add_quant(m.group(1), int(m.group(2) or m.group(3)))
    if "bpw" in text:
        for m in _BPW.finditer(text):
            out.add_quant(m.group(1).replace("_", ".").replace("-", ""), int(m.group(2)))
    if floats and "f" in text:  # F16 in a GGUF file name is the unquantised conversion
        for m in _FLOAT.finditer(text):
            name = m.group(1).upper().replace("FP16", "F16")
            out.add_quant(name, _FLOAT_BITS[m.group(1)])


# A token equal to a format token is a substring of the text: a text without any of them as a
# substring (most ids and libraries) is not tokenised at all.
_ANY_FORMAT_TOKEN = re.compile("|".join(re.escape(t) for t in FORMAT_TOKENS))


def _formats(text: str, out: Formats) -> None:
    if _ANY_FORMAT_TOKEN.search(text) is None:
        return
    for token in _TOKEN.findall(text):
        fmt = FORMAT_TOKENS.get(token)
        if fmt is not None:
            out.formats.add(fmt)


@lru_cache(maxsize=16_384)
def _of_tag(tag: str) -> Formats | None:
    """What one tag names (read once: the same few thousand tags recur on every card).

    ``None`` when it names nothing (most tags). The result is shared between calls:
    callers copy from it and never change it.
    """
    t = tag.casefold()
    if ":" in t:  # structured tags (base_model:…, license:…) name other things
        return None
    out = Formats()
    _formats(t, out)
    _quants(t, out)
    return out if out.formats or out.quant_types else None


@lru_cache(maxsize=1_024)
def _of_library(library: str) -> frozenset[str]:
    """The formats a library name says (a few dozen libraries recur on every card)."""
    out = Formats()
    _formats(library.casefold(), out)
    return frozenset(out.formats)


def describe(
    model_id: str,
    tags: Iterable[str] = (),
    library: str | None = None,
    files: Iterable[str] = (),
    gguf_file_type: object = None,
) -> Formats:
    """The formats and quantisation types a source's id, tags, library and files name."""
    out = Formats()
    name = model_id.casefold()
    repo_name = name.rpartition("/")[2]
    _formats(repo_name, out)
    if name.startswith("mlx-community/"):
        out.formats.add("MLX")
    # F16 in an id names the unquantised conversion only beside GGUF (``…-F16-GGUF``).
    _quants(repo_name, out, floats="GGUF" in out.formats)
    for tag in tags:
        found = _of_tag(tag)
        if found is not None:
            out.formats.update(found.formats)
            for name, bits in found.quant_types.items():
                out.add_quant(name, bits)
    if library:
        out.formats.update(_of_library(library))
    for path in files:
        f = path.casefold().rpartition("/")[2]
        for suffix, fmt in _FILE_SUFFIX.items():
            if f.endswith(suffix):
                out.formats.add(fmt)
                if suffix == ".gguf":
                    _quants(f.removesuffix(suffix), out, floats=True)
        if f in _FILE_NAME:
            out.formats.add(_FILE_NAME[f])
    if isinstance(gguf_file_type, int) and not isinstance(gguf_file_type, bool):
        out.formats.add("GGUF")
        ftype = GGUF_FILE_TYPES.get(gguf_file_type)
        if ftype is not None:
            digits = re.search(r"\d+", ftype)
            out.add_quant(ftype, int(digits.group()) if digits else 0)
    return out


def fill(record: SourceRecord, files: Iterable[str] = (), gguf_file_type: object = None) -> None:
    """Set the record's formats, quantisation types and bit widths from all it says."""
    found = describe(record.model_id, record.tags, record.library, files, gguf_file_type)
    if not (
        found.formats or found.quant_types or record.formats or record.quant_types or record.bits
    ):
        return  # nothing named anywhere (most cards): the record's empty lists stay
    record.formats = sorted(set(record.formats) | found.formats)
    quants = dict.fromkeys(record.quant_types, 0) | found.quant_types
    record.quant_types = sorted(quants)
    record.bits = sorted(set(record.bits) | {b for b in found.quant_types.values() if b > 0})


__all__ = ["FORMAT_TOKENS", "GGUF_FILE_TYPES", "Formats", "describe", "fill"]
