"""One add-on network signal: a ControlNet, T2I or IP adapter, by its tags or by a
"ControlNet" token in its repo name, reads the same way whichever sign the card gives."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, AD, QU = Relation.FINETUNE, Relation.ADAPTER, Relation.QUANTIZED


def test_a_controlnet_named_so_keeps_its_base_beside_the_checkpoint_it_converts() -> None:
    # No tag: the name alone says the repo is an add-on network, so its conversion sentence
    # names the checkpoint it repacks and the declared base is still what it plugs into.
    text = (
        "---\nbase_model: painters/easel-diffusion-v2\n---\n"
        "# Control net for edges\n\nThis checkpoint is a conversion of [the original checkpoint]"
        f"({HUB}/sketchlab/Control-v2/blob/main/control_edges.pth) into `diffusers` format.\n"
    )
    assert parents(text, "sketchlab/edges-controlnet") == {
        "painters/easel-diffusion-v2": AD,
        "sketchlab/Control-v2": QU,
    }


def test_an_ip_adapter_said_to_be_fine_tuned_from_its_base_is_its_adapter() -> None:
    text = (
        "---\ntags:\n- ip-adapter\n---\n# Face guidance\n\n"
        "- **Finetuned from model [optional]:** wrenco/Wren-diffusion-2\n"
    )
    assert parents(text, "someone/wren-faces") == {"wrenco/Wren-diffusion-2": AD}


def test_a_converted_controlnet_is_no_add_on_of_its_source() -> None:
    # Trap: a conversion's name ("-fp16") on a ControlNet-tagged repo: the declared model is
    # the one it converted.
    text = "---\nbase_model: sketchlab/edges-net\ntags:\n- controlnet\n---\n# Edges, half size\n"
    assert parents(text, "someone/edges-net-fp16") == {"sketchlab/edges-net": QU}
