"""A start named as one word with a capital inside it, after "fine-tuned from" or
"initialized from/with".

"[X] is a tagger that was fine-tuned from camemBERT on …", "a model fine-tuned from
FlauBERT": the phrase says this model was made from the named one, and the name is written
as a name (a capital inside a lower-case word: an encoder family "camemBERT", a project
"StarCoder"), with no size or version the model-name readers look for
(`importers.prose_names._model_like`). Kept as written (the shared convention for bare
names), relation ``finetune``, read as a labelled statement only when no clearer phrase
names the start (`importers.card` keeps a strong claim over it).

Not an org or a tool ("fine-tuned from the HuggingFace checkpoint", "initialized from OpenAI
weights", "AugReg"), nor a data set ("ImageNet", "ShareGPT"); not a name an org's
possessive, a slash, a hyphen or a dot continues ("OpenPipe's mistral-…", "StarCoder-15B":
other readers take those); not a sentence whose subject is another named model
("# Other-Model: model fine-tuned from X" on a card that extends Other-Model), nor a part of
the model ("the text encoder was initialized from X"). Read only on
the lines holding "tuned from" or "itiali". Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.ids import key
from lineage.core.records import Relation

CASED_START = "[cased-start]"
_SNIPPET = 200

# "fine-tuned from (the) camemBERT": one word of letters, a lower-case letter then a capital
# inside it, ending the name (no "'s", "/", "-", ".x", digit or "_" after it).
# "initialised from HeronLM weights", "initialized with camemBERT": the same start.
# (Not a name with a bracketed note after it, "initialized with X (`X-Base v1 + …`)": the
# note is the release, which other readers take.)
_TUNED_FROM = re.compile(
    r"\b(?:(?:fine[- ]?tuned|finetuned)[ \t]+from|initiali[sz]ed[ \t]+(?:from|with))[ \t]+"
    r"(?:the[ \t]+)?[`*_]*(?P<name>[A-Za-z][a-z]*[a-z][A-Z][A-Za-z]*)[`*_]*"
    r"(?![\w'’/.-]|\.\w|[ \t]*\()"
)
# Orgs, tools, platforms and data sets written with an inner capital: no model.
_NOT_MODELS = frozenset(
    """huggingface openai augreg deepmind deepspeed pytorch tensorflow github gitlab youtube
    linkedin openassistant sharegpt openorca slimorca ultrachat ultrafeedback metamath
    codealpaca imagenet librispeech commonvoice pubmed wikitext openwebtext goemotions
    multinli squad mnli kaggle colab modelscope civitai runpod lambdalabs togetherai
    chatgpt openchat openrouter""".split()  # noqa: SIM905
)
# The sentence's subject, when it names a model: "# Name: …", "[Name] is …", "Name is …".
_SUBJECT = re.compile(r"[#>*\s]*\[?`?(?P<subject>[A-Za-z][\w.-]*[\w])`?\]?[ \t]*(?::|[ \t]is\b)")
_PART = re.compile(
    r"\b(?:encoders?|decoders?|layers?|heads?|embeddings?|tokeni[sz]ers?|towers?)\b", re.I
)
_SENTENCE_START = re.compile(r"[.!?](?:[ \t]|$)")


def cased_start_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Starts named as one cased word after "fine-tuned from" (see the module)."""
    if "tuned from" not in body and "itiali" not in body:
        return []
    own = key(model_id.rsplit("/", 1)[-1])
    found: dict[str, ProseClaim] = {}
    lines = sorted({*lines_holding(body, "tuned from"), *lines_holding(body, "itiali")})
    for start, end in lines:
        for m in _TUNED_FROM.finditer(body, start, end):
            name = m["name"]
            if name.casefold() in _NOT_MODELS or key(name) in found:
                continue
            sentence = start
            for s in _SENTENCE_START.finditer(body, start, m.start()):
                sentence = s.end()
            if _PART.search(body, sentence, m.start()):
                continue  # "the text encoder was initialized from X": a part, not the whole
            subject = _SUBJECT.match(body, sentence, m.start())
            if subject is not None and _another_model(subject["subject"], own):
                continue
            text = " ".join(body[sentence : m.end()].split())
            snippet = f"{CASED_START} {text}"[:_SNIPPET]
            found[key(name)] = ProseClaim(name, Relation.FINETUNE, Strength.LABEL, snippet)
    return list(found.values())


def _another_model(subject: str, own: str) -> bool:
    """Whether a sentence's subject is a model's name (a hyphen, a digit, an underscore)
    other than this card's own."""
    shaped = any(ch in subject for ch in "-_") or any(ch.isdigit() for ch in subject)
    return shaped and key(subject) != own
