"""The roles a model referenced in a card plays other than a parent's, for `importers.scorer`.

A card names other models as tools of its training (a judge, a reward model, a tokenizer,
a data generator), as pointers (see also, compare with, better than, thanks to), as its
own children ("fine-tuned into X", "the instruct version: X"), in citations, licences,
tables of scores and sections of related models. The scorer rules out a reference whose
every mention plays such a role; these functions read one mention. ``lineage`` is the
scorer's test for lineage words ("fine-tuned", "based on", "merge"), which turn most role
words into a credit in passing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Lineage = Callable[[str], bool]

# Roles a model plays in a card other than a parent's: a tool of the training (its judge,
# reward model, tokenizer, data generator), a pointer (see also, compare, try, inspired by,
# thanks to), a model it is used with, a licence or a citation it points to. Read in the
# clause around one occurrence; a clause that also names a lineage word is left to the weights.
_ROLE = re.compile(
    r"tokeni[sz](?:er|ed|ation)|\bjudge|\bgrad(?:er|ed|ing)\b|reward[ -]?models?|preference models?|"
    r"\bgenerat(?:e|ed|es|ing|or)\b|generated_text|synthetic|annotat|\blabel(?:l?ed|l?ing|ers?)\b|"
    r"embedding models?|draft models?|speculative|\bstyle\b|leaderboard|licen[cs]e|"
    r"\bcit(?:e|ation)|bibtex|\burl\s*=|howpublished|evaluat|\bcompar|\bvs\.?(?!\w)|versus|"
    r"outperform|\bbeats?\b|"
    r"see also|check (?:out|also)|(?:may|might) also|also (?:try|see|check)|inspired|thanks? to|"
    r"\bthank|similar|alternative|\btry\b|superseded|replaced by|deprecated|please use|"
    r"\bnewer\b|improved (?:model|version)|related models?|works? (?:well )?with|"
    r"pair(?:ed)? (?:it )?with|"
    r"\brequest|\bformats?\b|\bthan\b|\banother\b|baseline|template|\bprompt|\bguard|classif|"
    r"moderat|\bfilter|translat|\brat(?:ed|ing)\b|rerank|retriev|sister|sibling|companion|"
    r"collaborat|よりも|と比べ|比較|相比|比较|对比|보다|비교|感谢|感謝|감사|引用|评测|評価|평가|"
    # A command-line flag that names data, a folder or a file, not the model trained from
    # ("--dataset_name=ORG/X", "--output_dir ORG/X", "--exp-dir run/exp-full").
    r"--?(?:dataset|data|train|eval|validation|test|output|exp|log|cache|save)[_-]?"
    r"(?:name|dir|file|path|config|repo)s?\b",
    re.I,
)
# Pointers to other models that no lineage word in the clause turns into a credit.
_POINTER = re.compile(
    r"see also|check (?:out|also)|(?:may|might) also|also (?:try|see|check)|"
    r"\b(?:my|our) other\b|superseded|replaced by|deprecated|"
    # A recommendation of another model: "you should try a newer fine-tuned X", "we
    # recommend X instead"; a usage pointer: "use just like other adapters from X".
    r"\b(?:should|could) (?:rather |instead )?(?:try|use|switch to|prefer)\b|"
    r"\b(?:we|i) (?:would |strongly )?recommend\b|"
    r"\b(?:just |exactly )?like (?:any |the )?other\b|\bsame (?:way )?as (?:any |the )?other\b|"
    # Words or code borrowed from another model's card: "Using code from [X], here is an
    # example", "The following language is modified from [X]'s card".
    r"\busing (?:the )?(?:example )?code (?:from|of)\b|\bcode (?:adapted|taken|borrowed|copied) from\b|"
    r"\b(?:language|text|wording|section|paragraph|description|card) (?:is |was |has been )?"
    r"(?:\w+ )?(?:modified|adapted|copied|taken|borrowed|reproduced) from\b",
    re.I,
)
# A link whose text names a model card ("See [Acme's model card](…)"; not "[original model
# card](…)", which names the source).
_CARD_LABEL = re.compile(r"\bmodel[ -]?card[ \t.:]*\]", re.I)
# Children of this card named with lineage words: "fine-tuned into X", "the instruct
# version: X", "X is a fine-tune of this model", "ingredient of X", "the base for X".
_CHILD_BEFORE = re.compile(
    r"(?:(?:(?:fine-?tun|train|distill|develop|evolv|turn|grow)\w*|further \w+)[ \t]+into|"
    r"\b(?:this model|it)[ \t]+(?:was|is|has been|got)[ \t]+(?:\w+[ \t]+)?merged[ \t]+into|"
    r"\b(?:ingredients?|components?|parts?)[ \t]+of(?:[ \t]+the)?|"
    r"\b(?:base|basis|foundation|starting point)[ \t]+(?:for|of)(?:[ \t]+the)?|"
    r"\b(?:versions?|variants?|fine-?tunes|finetunes|derivatives|descendants|models)"
    r"(?:[ \t]+(?:is|are|now|available|at|here|on))*[ \t]*[:：]?)[ \t\W]{0,3}\Z",
    re.I,
)
# "combining 2x finetuned llamafied X", "two fine-tuned X": fine-tunes of X went in, so X is
# their base (a grand-parent), not an input ("two fine-tuned models: X" names the input).
_TUNES_OF_BEFORE = re.compile(
    r"(?:\b(?:two|three|four|several|multiple)|\b\d+[ \t]*x|\bx[ \t]*\d+|\b\d+)[ \t]+"
    r"(?:different[ \t]+)?(?:fine-?tuned|fine-?tunes[ \t]+of|finetunes[ \t]+of)"
    r"(?:[ \t]+(?!models?\b|checkpoints?\b|variants?\b|versions?\b)[A-Za-z][\w-]*){0,2}"
    r"[ \t]*\W{0,2}\Z",
    re.I,
)
_ORIGIN = re.compile(
    r"original|\bbase\b(?![ \t]+(?:for|of)\b)|parent|source|upstream|unquanti[sz]ed|"
    r"full[- ]precision|fp16|bf16",
    re.I,
)
_CHILD_AFTER = re.compile(
    r"\A\W{0,3}[ \t]*(?:is|are|was|were)[ \t]+(?:(?:a|an|the)[ \t]+)?(?:[\w-]+[ \t]+){0,2}?"
    r"(?:of|on|from|upon|with)[ \t]+(?:this|our|my|it\b)",
    re.I,
)
# A legend that says what a name stands for ("`X` represents the LoRA-tuned version",
# "X denotes the fully fine-tuned one"): the name is defined, not credited as a source.
_LEGEND_AFTER = re.compile(
    r"\A\W{0,3}[ \t]*(?:represents|denotes|stands[ \t]+for|refers[ \t]+to)[ \t]+"
    r"(?:the|a|an|our)[ \t]+(?:(?!(?:base|original|parent|source|pre-?trained|foundation)\b)"
    r"[\w-]+[ \t]+){0,3}?(?:version|variant|model|checkpoint|one)s?\b",
    re.I,
)
# A role word whose object is the reference, at most two words between ("outperforms [X]",
# "data generated by the strong [X]", "same recipe as [X]", "refer to [X]", "follows the
# configuration of [X]", a design and no weights): a lineage word
# earlier in the clause ("a fine-tune that outperforms [X]") speaks of this model, not of X.
_OBJECT_OF_ROLE = re.compile(
    r"(?P<role>\boutperform(?:s|ed|ing)?|\bbeat(?:s|ing)?|\b(?:better|worse|stronger|faster) than|"
    r"\bcompared?[ \t]+(?:to|with|against)|\bcomparison[ \t]+(?:to|with)|\bvs\.?|\bversus|"
    r"\b(?:generat|synthesi[sz]|annotat|label+|judg|grad|scor|rat|filter|rank|evaluat)ed"
    r"[ \t]+(?:by|with|using)|\brefer[ \t]+to|\bsame[ \t]+(?:[\w-]+[ \t]+){0,2}?as|"
    r"\binspired[ \t]+by|\bsimilar[ \t]+to|\b(?:configuration|architecture)[ \t]+of)"
    r"[ \t]+(?:(?:the|a|an|our|their|its|this)[ \t]+)?(?:[\w.-]+[ \t]+){0,2}?[^\w\s]{0,3}\Z",
    re.I,
)
# A clause opened as a yardstick: "As a baseline, we fine-tuned [X]", "For comparison, …".
_YARDSTICK_OPENING = re.compile(
    r"\A\W*(?:as[ \t]+(?:a|an|our|the)[ \t]+(?:baseline|reference|point[ \t]+of[ \t]+comparison)|"
    r"for[ \t]+(?:a[ \t]+)?comparison|in[ \t]+comparison)\b",
    re.I,
)
_OBJECT_NEEDLES = (
    "outperform",
    "beat",
    "than",
    "compar",
    "vs",
    "versus",
    "ed by",
    "ed with",
    "ed using",
    "refer",
    "same",
    "inspired",
    "similar",
    "configuration",
    "architecture",
)
_CHILD_HEADING = re.compile(
    r"fine-?tunes\b|finetunes\b|(?:fine-?tuned|derived|quantized) (?:models|versions)|"
    r"derivatives|descendants|models (?:based on|built on|using) (?:this|it)|downstream",
    re.I,
)
# A heading that names the models that went into this one ("Fine-tuned models used").
_INPUT_HEADING = re.compile(r"\bused\b|merge|source|\bbase\b|original|input|ingredient", re.I)
_HUB_PREFIX_END = re.compile(r"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/\Z")
# The header of a table of results: a model named in its rows is compared, not credited.
_SCORE_HEADER = re.compile(
    r"\b(?:avg|average|mmlu|gsm8k|arc|hellaswag|truthfulqa|winogrande|humaneval|mbpp|"
    r"mt-?bench|alpacaeval|ifeval|bbh|gpqa|math|scores?|accuracy|acc|elo|win[ -]?rate|"
    r"perplexity|ppl|bleu|rouge|f1|pass@1)\b",
    re.I,
)
# Headings of sections whose links are no parents: citations, licences, related or other
# models, leaderboards.
_ROLE_HEADING = re.compile(
    r"\bcit(?:e|ation)|bibtex|licen[cs]e|related|see also|similar|other (?:models|versions|sizes)|"
    r"more models|leaderboard|acknowledg|thanks|引用|致谢|感谢|謝辞|감사|인용|许可|ライセンス|라이선스|"
    r"相关模型|関連モデル|관련 모델",
    re.I,
)
# Where a clause ends: a sentence break or another link between it and the reference.
_CLAUSE_BEFORE = re.compile(r".*(?:[.!?;。](?:\s|$)|\)|\]|https?://\S*\s)", re.S)
_CLAUSE_AFTER = re.compile(r"[.!?;。](?:\s|$)|\[|https?://|\n")
_ROLE_AFTER = 32  # "X as the reward model", "X was used to generate": the role comes first
_BIBTEX = re.compile(r"@[a-z]{3,14}[ \t]*\{", re.I)


def role_clause(before: str, label: str, after: str, lineage: Lineage) -> bool:
    """Whether the clause around an occurrence gives the model a role other than a parent's
    ("graded by the judge model X", "X as a reward model", "compare with X") and names no
    lineage ("fine-tuned from X with Y as the judge" keeps X to the weights)."""
    cut = _CLAUSE_BEFORE.match(before)
    clause = before[cut.end() :] if cut else before
    stop = _CLAUSE_AFTER.search(after, 0, _ROLE_AFTER)
    text = f"{clause} {label} {after[: stop.start() if stop else _ROLE_AFTER]}"
    if _POINTER.search(f"{clause} {label}"):
        return True  # "see also my other merge X": the lineage word is X's own kind
    if "card" in label and _CARD_LABEL.search(label) and not _ORIGIN.search(label):
        return True  # "[Acme's model card](…/acme/x)": a page to read, not a model credited
    lead = _HUB_PREFIX_END.sub("", clause)
    if (_CHILD_BEFORE.search(lead) and not _ORIGIN.search(lead)) or _CHILD_AFTER.search(after):
        return True  # a child of this card, named with the lineage words that made it
    if "tune" in lead and _TUNES_OF_BEFORE.search(lead):
        return True  # the base of the fine-tunes that went in: a grand-parent
    if _object_of_role(lead, lineage) or _YARDSTICK_OPENING.match(clause):
        return True  # "a fine-tune that outperforms [X]": the lineage word is this model's
    return _ROLE.search(text) is not None and not lineage(text)


def _object_of_role(lead: str, lineage: Lineage) -> bool:
    """Whether the words right before the reference make it a role word's object, with no
    lineage word between ("a fine-tune that outperforms [X]", "data generated by [X]")."""
    tail = lead[-80:]
    lower = tail.lower()
    if not any(n in lower for n in _OBJECT_NEEDLES):
        return False
    m = _OBJECT_OF_ROLE.search(tail)
    return m is not None and not lineage(tail[m.end("role") :])


def legend(after: str) -> bool:
    """Whether the text after a name defines what it stands for ("`X` represents the
    LoRA-tuned version"): a sibling in a model zoo's legend, whatever its other mentions."""
    return _LEGEND_AFTER.search(after) is not None


def role_heading(title: str, lineage: Lineage) -> bool:
    """Whether a section heading makes the links under it no parents: its children
    ("Fine-tuned models", "Derivatives", not "Models merged"), citations, licences,
    related or other models, leaderboards, acknowledgements."""
    if _CHILD_HEADING.search(title) and not _INPUT_HEADING.search(title):
        return True
    return _ROLE_HEADING.search(title) is not None and not lineage(title)


def role_intro(intro: str, lineage: Lineage) -> bool:
    """Whether the lead-in of a list or table gives its items a role ("Compared with:")."""
    return bool(intro) and _ROLE.search(intro) is not None and not lineage(intro)


def score_row(body: str, line_start: int) -> bool:
    """Whether a table row belongs to a table of scores (its header names a benchmark)."""
    return _SCORE_HEADER.search(_table_header(body, line_start)) is not None


def in_bibtex(body: str, at: int) -> bool:
    """Whether a mention inside a code block sits in a BibTeX entry (a citation)."""
    fence = body.rfind("```", 0, at)
    return _BIBTEX.search(body, max(fence, at - 600, 0), at) is not None


def _table_header(body: str, line_start: int) -> str:
    """The first row of the table a row belongs to ("" past 60 rows)."""
    pos, header = line_start, ""
    for _ in range(60):
        if pos <= 0:
            return header
        prev_start = body.rfind("\n", 0, pos - 1) + 1
        prev = body[prev_start : pos - 1]
        if not prev.lstrip().startswith("|"):
            end = body.find("\n", line_start)
            return header or body[line_start : end if end >= 0 else len(body)]
        header, pos = prev, prev_start
    return ""
