"""The three Qwen agreements: the 2023 Tongyi Qianwen text, the 2024 Qwen text, the research text.

The Hub names the 2023 agreement ``tongyi-qianwen`` and the September 2024 one ``qwen``
(``license: other`` + ``license_name: qwen``, the LICENSE of the Qwen2.5 repos). They differ
where a distilled model is concerned: the 2023 text reserves its outputs to Qwen models (§5.b),
the 2024 text asks for "Built with Qwen" instead (§5.b). The chains below are hand-built.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from lineage.core.graph import Edge, Evidence, Lineage, Node
from lineage.query.licenses import DeclaredLicense, LicenseReport, license_report, normalize_license

QWEN_2024_LINK = "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE"
TONGYI_2023_LINK = "https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT"
RESEARCH_2023_LINK = (
    "https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20RESEARCH%20LICENSE%20AGREEMENT"
)


@pytest.mark.parametrize(
    ("license", "name", "link", "key", "via"),
    [
        ("other", "qwen", None, "qwen", "license_name"),
        ("other", "Qwen License Agreement", None, "qwen", "license_name"),
        ("other", None, QWEN_2024_LINK, "qwen", "license_link"),
        ("other", None, QWEN_2024_LINK.replace("/blob/", "/resolve/"), "qwen", "license_link"),
        ("other", "tongyi-qianwen", None, "tongyi-qianwen", "license_name"),
        ("other", "Tongyi Qianwen LICENSE AGREEMENT", None, "tongyi-qianwen", "license_name"),
        ("other", None, TONGYI_2023_LINK, "tongyi-qianwen", "license_link"),
        ("other", "qwen-research", None, "qwen-research", "license_name"),
        ("other", None, RESEARCH_2023_LINK, "qwen-research", "license_link"),
        # A name wins over a link that says otherwise: the card's own words are read first.
        ("other", "tongyi-qianwen", QWEN_2024_LINK, "tongyi-qianwen", "license_name"),
    ],
)
def test_each_qwen_agreement_is_read_as_its_own_entry(
    license: str, name: str | None, link: str | None, key: str, via: str
) -> None:
    got = normalize_license(license, name, link)
    assert (got.status.value, got.keys, got.via) == ("known", (key,), via)


def test_a_qwen_name_nobody_publishes_is_not_guessed() -> None:
    got = normalize_license("other", "qwen-2026-enterprise", None)
    assert got.status.value == "custom" and got.keys == ()


def _edge(child: str, parent: str, relation: str = "finetune") -> Edge:
    return Edge(child, parent, [Evidence("card-yaml", f"card:{child}", relation, 0.9)])


def _chain(
    base: str, student: str, declared: Mapping[str, DeclaredLicense], relation: str
) -> LicenseReport:
    nodes = {m: Node(m, False, d.license, sources=[f"card:{m}"]) for m, d in declared.items()}
    lineage = Lineage(student, nodes, [_edge(student, base, relation)])
    return license_report(lineage, declared=dict(declared))


def _rules(report: LicenseReport, model: str) -> list[str]:
    return sorted(f.rule for f in report.for_model(model))


def _other(name: str) -> DeclaredLicense:
    return DeclaredLicense("other", name, None)


def test_distilling_from_a_2023_qwen_model_is_reserved() -> None:
    report = _chain(
        "Qwen/Qwen1.5-72B-Chat",
        "lab/Tiny-Student",
        {"Qwen/Qwen1.5-72B-Chat": _other("tongyi-qianwen"), "lab/Tiny-Student": _other("mit")},
        "distillation",
    )
    assert _rules(report, "lab/Tiny-Student") == ["LIC-OUTPUTS"]
    finding = report.for_model("lab/Tiny-Student")[0]
    assert finding.edge == ("lab/Tiny-Student", "Qwen/Qwen1.5-72B-Chat", "distillation")
    assert "§5.b" in finding.message


def test_distilling_from_a_2024_qwen_model_asks_for_the_notice_only() -> None:
    report = _chain(
        "Qwen/Qwen2.5-72B-Instruct",
        "lab/Tiny-Student",
        {"Qwen/Qwen2.5-72B-Instruct": _other("qwen"), "lab/Tiny-Student": _other("mit")},
        "distillation",
    )
    assert _rules(report, "lab/Tiny-Student") == []
    student = next(m for m in report.models if m.model == "lab/Tiny-Student")
    notices = [o for o in student.obligations if o.kind == "notice"]
    assert [(o.license, o.detail, o.clause[:4], o.via) for o in notices] == [
        ("qwen", "Built with Qwen", "§5.b", "outputs")
    ]
    # Outputs carry neither the agreement nor its user threshold.
    assert not {"keep-licence", "user-threshold"} & {o.kind for o in student.obligations}


def test_a_2023_qwen_model_may_train_a_model_of_its_own_family() -> None:
    report = _chain(
        "Qwen/Qwen1.5-72B-Chat",
        "lab/Qwen-Student",
        {"Qwen/Qwen1.5-72B-Chat": _other("tongyi-qianwen"), "lab/Qwen-Student": _other("qwen")},
        "distillation",
    )
    assert "LIC-OUTPUTS" not in _rules(report, "lab/Qwen-Student")


def test_a_fine_tune_relabelled_from_qwen_to_apache_is_reported() -> None:
    report = _chain(
        "Qwen/Qwen2.5-72B-Instruct",
        "lab/Chat-72B",
        {
            "Qwen/Qwen2.5-72B-Instruct": _other("qwen"),
            "lab/Chat-72B": DeclaredLicense("apache-2.0", None, None),
        },
        "finetune",
    )
    assert _rules(report, "lab/Chat-72B") == ["LIC-RELABEL"]
    kinds = {
        o.kind for o in next(m for m in report.models if m.model == "lab/Chat-72B").obligations
    }
    assert {"keep-licence", "attribution", "notice", "user-threshold"} <= kinds
