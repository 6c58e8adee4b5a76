"""Card data and Hub API fields of synthetic models (the second half of the generator).

`CardFields` turns a planned family member, or a fresh standalone model, into a
`SynthModel`: the YAML ``cardData`` in one of the forms found on the Hub, the
Hub-computed ``tags`` and ``baseModels``, downloads, likes and dates.
"""

from __future__ import annotations

from typing import Any

from bench import synth_vocab as V
from bench.synth_base import END, START, Chooser, Family, Member
from bench.synth_model import Parent, SynthModel


class CardFields(Chooser):
    """Card data and Hub fields; the planning half lives in `bench.synth_gen.Engine`."""

    def _ref(self, model_id: str) -> str:
        """How a card writes a reference: plain, URL, @revision, odd case."""
        r = self.rng.random()
        if r < 0.8:
            return model_id
        if r < 0.87:
            return f"https://huggingface.co/{model_id}"
        if r < 0.92:
            rev = "main" if r < 0.9 else f"{self.rng.getrandbits(160):040x}"
            return f"{model_id}@{rev}"
        return model_id.lower()

    def _finish(self, mem: Member, fam: Family) -> SynthModel:
        rng = self.rng
        rel, domain = mem.kind, fam.domain
        yaml_parents = [p for p in mem.parents if p.evidence == "yaml"]
        v: dict[str, Any] = {}
        if yaml_parents:
            refs = [self._ref(p.id) for p in yaml_parents]
            v["base_model"] = refs[0] if len(refs) == 1 and rng.random() < 0.75 else refs
        tags: list[str] = []
        library: str | None = V.DOMAIN_LIBRARY[domain]
        api_library = library
        if rel == "finetune":
            if mem.parents[0].evidence == "prose" or rng.random() < 0.3:
                tags = ["generated_from_trainer"]
                v["model-index"] = [{"name": mem.stem, "results": []}]
            else:
                tags = self._pick(
                    (
                        ["trl", "sft"],
                        ["trl", "dpo"],
                        [],
                        ["text-generation-inference", "transformers", "unsloth", fam.arch, "trl"],
                        ["axolotl"],
                    )
                )
        elif rel == "adapter":
            if domain == "diffusion":
                tags = ["text-to-image", "lora", "diffusers", "template:sd-lora"]
                v["widget"] = [
                    {
                        "text": f"a {mem.stem.split('-')[0]} illustration of a cat",
                        "output": {"url": f"images/example_{int(rng.random() * 1e6)}.png"},
                    }
                ]
            else:
                library = api_library = "peft"
                tags = ["lora", "generated_from_trainer"] if rng.random() < 0.5 else ["lora"]
        elif rel == "quantized":
            fmt = mem.fmt or ""
            if "gguf" in fmt.lower():
                tags = (
                    ["gguf", "llama-cpp", "gguf-my-repo"]
                    if "Q" in fmt
                    else (["gguf", "imatrix"] if "i1" in fmt else ["gguf"])
                )
                library, api_library = None, "gguf"
            elif mem.author == "mlx-community":
                tags, library = ["mlx"], "mlx"
                api_library = library
            else:
                tags = [fmt.lower(), "4-bit" if "4" in fmt else "quantized"]
        elif rel == "merge":
            tags = ["mergekit", "merge"] + (["lazymergekit"] if rng.random() < 0.2 else [])
        elif rel == "distillation":
            tags = ["distillation"]
        tag_rel = {"adapter": 0.3, "quantized": 0.1, "finetune": 0.05}.get(rel, 0.0)
        tag_parents = [
            p
            for p in mem.parents
            if p.evidence == "tags" or (p.evidence == "yaml" and rng.random() < tag_rel)
        ]
        tags = tags + [f"base_model:{p.relation}:{p.id}" for p in tag_parents]
        hub_rel = None
        if yaml_parents:
            declare = {"quantized": 0.55, "adapter": 0.3, "merge": 0.4, "finetune": 0.3}
            if rng.random() < declare.get(rel, 0.0):
                v["base_model_relation"] = rel
                hub_rel = rel
            elif library == "peft" or "lora" in tags:
                hub_rel = "adapter"
            elif "gguf" in tags:
                hub_rel = "quantized"
            else:
                hub_rel = "merge" if len(yaml_parents) > 1 else "finetune"
        return self._common(mem, fam, v, tags, library, api_library, yaml_parents, hub_rel)

    def _common(
        self,
        mem: Member,
        fam: Family,
        v: dict[str, Any],
        tags: list[str],
        library: str | None,
        api_library: str | None,
        yaml_parents: list[Parent],
        hub_rel: str | None,
        pipeline: str | None = None,
    ) -> SynthModel:
        """Fields every card shares, the Hub API view, and the record itself."""
        rng = self.rng
        domain = fam.domain
        if mem.datasets:
            v["datasets"] = (
                mem.datasets[0]
                if len(mem.datasets) == 1 and rng.random() < 0.1
                else list(mem.datasets)
            )
        r = rng.random()
        langs: list[str] = []
        if domain in ("llm", "encoder", "speech") and r < 0.55:
            langs = ["en"] if r < 0.35 else sorted({self._pick(V.LANGUAGES) for _ in range(3)})
            v["language"] = langs[0] if len(langs) == 1 and r < 0.05 else langs
        if library and rng.random() < 0.8:
            v["library_name"] = library
        if mem.license:
            v["license"] = mem.license
            if mem.license_name:
                v["license_name"] = mem.license_name
                if rng.random() < 0.5:
                    v["license_link"] = "LICENSE"
        pipeline = pipeline or V.DOMAIN_PIPELINE[domain][0]
        if rng.random() < 0.7:
            v["pipeline_tag"] = pipeline
        if tags:
            v["tags"] = tags
        order = _ORDER_TRAINER if "model-index" in v else _ORDER_EDITOR
        card = {k: v[k] for k in order if k in v}
        api_tags = [api_library] if api_library else []
        api_tags.append("gguf" if api_library == "gguf" else "safetensors")
        if api_library == "transformers" and domain == "llm":
            api_tags.append(fam.arch)
        api_tags.append(pipeline)
        api_tags.extend(tags)
        api_tags.extend(langs)
        api_tags.extend(f"dataset:{d}" for d in mem.datasets)
        for p in yaml_parents:
            api_tags.append(f"base_model:{p.id}")
            api_tags.append(f"base_model:{hub_rel}:{p.id}")
        if mem.license:
            api_tags.append(f"license:{mem.license}")
        api_tags.append("region:us")
        base_models = (
            {"relation": hub_rel, "models": [{"id": p.id} for p in yaml_parents]}
            if yaml_parents
            else None
        )
        downloads = int(10 ** (rng.random() ** 2 * (7 if mem.kind == "base" else 5))) - 1
        return SynthModel(
            id=mem.id,
            author=mem.author,
            kind=mem.kind,
            family=fam.root.id,
            parents=tuple(mem.parents),
            datasets=mem.datasets,
            license=mem.license,
            license_name=mem.license_name,
            card_data=card,
            tags=list(dict.fromkeys(api_tags)),
            library_name=api_library,
            pipeline_tag=pipeline,
            downloads=downloads,
            likes=int(downloads**0.5 * rng.random() / 3),
            created_at=mem.created,
            base_models=base_models,
            body_seed=rng.getrandbits(64),
        )

    def _standalone(self, self_loop: bool) -> SynthModel:
        """A model with no declared parent (or, rarely, one that names itself)."""
        rng = self.rng
        domain: str = self._choose(self.solo_dom)
        author = self._user() if rng.random() < 0.85 else self._pick(V.LABS)
        stem: str = self._pick(V.STANDALONE_NAMES[domain])
        r = rng.random()
        if r < 0.5 and domain != "rl":
            stem += self._pick(
                (
                    "-v2",
                    "-" + self._pick(V.LANGUAGES),
                    "-test",
                    "-final",
                    f"-{int(rng.random() * 100)}",
                    "-large",
                    "-base",
                    "-small",
                )
            )
        model_id = self._claim(author, stem)
        lic, lic_name = self._license()
        created = START + int((END - START) * rng.random() ** 0.6)
        mem = Member(
            model_id, author, model_id.split("/", 1)[1], "standalone", [], 0, created, lic, lic_name
        )
        v: dict[str, Any] = {}
        if domain == "rl":
            library: str | None = self._pick(V.RL_LIBRARIES)
            tags = [
                stem.split("-", 1)[-1],
                stem.split("-")[0].lower(),
                "deep-reinforcement-learning",
                "reinforcement-learning",
            ]
            pipeline = "reinforcement-learning"
            fam = Family("rl", "", "", mem)
        else:
            mem.datasets = self._datasets(domain, 0.35)
            library = V.DOMAIN_LIBRARY[domain] if r < 0.9 else None
            tags = ["generated_from_trainer"] if rng.random() < 0.3 else []
            pipeline = self._pick(V.DOMAIN_PIPELINE[domain])
            fam = Family(domain, self._pick(V.DOMAIN_ARCHES[domain]), "", mem)
        yaml_parents: list[Parent] = []
        if self_loop:
            mem.parents = yaml_parents = [Parent(model_id, "finetune", cycle=True)]
            v["base_model"] = model_id
        model = self._common(
            mem,
            fam,
            v,
            tags,
            library,
            library,
            yaml_parents,
            "finetune" if self_loop else None,
            pipeline,
        )
        model.family = None
        return model


_ORDER_EDITOR = (
    "base_model",
    "base_model_relation",
    "datasets",
    "language",
    "library_name",
    "license",
    "license_name",
    "license_link",
    "pipeline_tag",
    "tags",
    "widget",
    "model-index",
)
_ORDER_TRAINER = (
    "library_name",
    "license",
    "license_name",
    "license_link",
    "base_model",
    "base_model_relation",
    "tags",
    "datasets",
    "language",
    "pipeline_tag",
    "widget",
    "model-index",
)
