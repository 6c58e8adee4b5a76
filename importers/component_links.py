"""Hub repos that are a component of an image model, not a model it was made from.

A repo whose name marks it as a VAE ("sd-vae-ft-mse", "sdxl-vae-fp16-fix") is the decoder
an image model loads beside it: credited in thanks lists and recommendations, it is never
the checkpoint's parent (only a VAE, one whose own name says so, is made from one).

Pure: text in, keys out; the scorer holds them (`importers.card._scored`).
"""

from __future__ import annotations

import re

from lineage.core.ids import key

_HUB_ID = re.compile(
    r"(?:huggingface\.co|hf\.co)/(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])"
)
# "vae" as a word of the repo's name: "sd-vae-ft-mse", "vae_fp16", "sdxl.vae" (not "Bakedvae",
# a checkpoint with its VAE baked in).
_VAE_WORD = re.compile(r"(?:^|[-_.])vae(?:$|[-_.])", re.I)


def component_ids(body: str, model_id: str) -> frozenset[str]:
    """The keys of the VAE repos the card links, unless this repo is a VAE itself."""
    if "vae" not in body and "VAE" not in body:
        return frozenset()  # most cards
    if _VAE_WORD.search(model_id.rsplit("/", 1)[-1]):
        return frozenset()
    return frozenset(
        key(m["id"]) for m in _HUB_ID.finditer(body) if _VAE_WORD.search(m["id"].rsplit("/", 1)[-1])
    )
