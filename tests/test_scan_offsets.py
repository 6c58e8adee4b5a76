"""A scan whose probe sits at a few known distances from a match's start tries only those
starts (`prose_scan.Scan` offsets) and finds exactly what ``finditer`` finds."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from importers import prose_phrases, prose_scan

_ALL = (
    *prose_phrases.TRIGGERS,
    *prose_phrases.FALLBACK_TRIGGERS,
    *prose_phrases.CONVERSION_TRIGGERS,
)
_WITH_OFFSETS = [t.scan for t in _ALL if t.scan.offsets is not None]

_WORDS = [
    "fine", "tuned", "finetuned", "Fine-Tuned", "fine tuned", "instruction", "Instruction-tuned",
    "further", "trained", "further-trained", "pre-trained", "version", "variant", "checkpoint",
    "model", "of", "from", "on", "top", "upon", "the", "[X](https://huggingface.co/org/x)",
    "org/x", "a", "This", "is", ":", "re", "un",
]  # fmt: skip
_SEPARATORS = st.sampled_from([" ", "  ", "\n", "\t", "-", "", " \n "])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), max_size=25))
    return "".join(w + draw(_SEPARATORS) for w in words)


def test_offsets_lie_within_the_lead() -> None:
    assert len(_WITH_OFFSETS) >= 2
    for scan in _WITH_OFFSETS:
        assert scan.offsets is not None and scan.lead is not None
        assert all(0 <= o <= scan.lead for o in scan.offsets)


@settings(max_examples=3000, deadline=None)
@given(_texts())
@example("This model is a fine-tuned version of org/x")
@example("instruction-tuned model of x; further trained from the model; finetuned upon org/x")
def test_offset_scans_find_what_finditer_finds(text: str) -> None:
    lower = text.lower()
    probed = lower if prose_scan.aligned(text, lower) else None
    for scan in _WITH_OFFSETS:
        want = [(m.span(), m.groupdict()) for m in scan.pattern.finditer(text)]
        got = [(m.span(), m.groupdict()) for m in prose_scan.matches(scan, text, probed)]
        assert got == want, scan.pattern.pattern
