"""The generator behind `bench.synth.generate`: the plan of families and their members.

The plan is laid out once (family sizes, which bases are dangling, which
families hold a cycle); then families and standalone models are produced one
at a time, interleaved, and pass through a small shuffle window. Memory is
bounded by the largest family plus a fixed-size Bloom filter that keeps ids
unique case-insensitively; nothing else grows with the number of models.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from bench import synth_vocab as V
from bench.synth_base import END, START, Family, Member
from bench.synth_fields import CardFields
from bench.synth_model import Parent, SynthModel

_POOL_SIZE = 4096


class Engine(CardFields):
    """Produces the models of one ``(n_models, seed)`` run, in order."""

    def __init__(self, n_models: int, seed: int) -> None:
        super().__init__(n_models, seed)
        self.pool: dict[str, list[str]] = {d: [] for d in V.DOMAINS}
        self.pool_at: dict[str, int] = dict.fromkeys(V.DOMAINS, 0)

    # --- the plan ----------------------------------------------------------

    def run(self) -> Iterator[SynthModel]:
        """All models, passed through a bounded shuffle window."""
        rng = self.rng
        window: list[SynthModel] = []
        for m in self._models():
            if len(window) < V.SHUFFLE_WINDOW:
                window.append(m)
                continue
            i = int(rng.random() * V.SHUFFLE_WINDOW)
            yield window[i]
            window[i] = m
        rng.shuffle(window)
        yield from window

    def _family_sizes(self, total: int, count: int) -> list[int]:
        """``count`` family sizes summing to ``total``, Zipf-like (size ~ rank ** -1.1)."""
        if count == 0:
            return []
        w = [(0.75 + 0.5 * self.rng.random()) / (r + 1) ** V.FAMILY_ZIPF for r in range(count)]
        extra, wsum = total - count, sum(w)
        sizes = [1 + int(extra * x / wsum) for x in w]
        for i in range(total - sum(sizes)):
            sizes[i % count] += 1
        return sorted(sizes, reverse=True)

    def _models(self) -> Iterator[SynthModel]:
        rng, n = self.rng, self.n
        n_desc = min(max(0, n - 1), round(n * V.LINEAGE_SHARE))
        n_fam = min(n_desc, max(1 if n_desc else 0, round(n * V.FAMILY_SHARE)))
        sizes = self._family_sizes(n_desc, n_fam)
        n_dangling = max(1, round(n_fam * V.DANGLING_ROOT_SHARE)) if n_fam >= 5 else 0
        # Dangling bases are drawn from the generated ones: the famous bases keep their cards.
        unknown = range(min(n_fam - n_dangling, len(V.FAMOUS_BASES)), n_fam)
        dangling = set(rng.sample(unknown, n_dangling))
        # Cycles go to families big enough to have a fine-tune of the base.
        live = [r for r in range(n_fam) if r not in dangling and sizes[r] >= 3]
        n_cycles = min(len(live), max(2, round(n * V.CYCLES_PER_10K / 10_000)))
        cycles = set(rng.sample(live, n_cycles))
        order = list(range(n_fam))
        rng.shuffle(order)
        solo_left = n - n_desc - (n_fam - n_dangling)
        p_self = V.SELF_LOOPS_PER_10K / 10_000 * n / max(1, solo_left)
        fam_left = n_fam
        while fam_left or solo_left:
            if rng.random() * (fam_left + solo_left) < fam_left:
                rank = order[n_fam - fam_left]
                fam_left -= 1
                fam = self._plan_family(rank, sizes[rank], rank in dangling, rank in cycles)
                for mem in fam.members:
                    if mem is fam.root and rank in dangling:
                        continue
                    yield self._finish(mem, fam)
            else:
                solo_left -= 1
                yield self._standalone(rng.random() < p_self)

    # --- families ------------------------------------------------------------

    def _root(self, rank: int) -> Family:
        rng = self.rng
        created = START + int((END - START) * 0.8 * rng.random() ** 0.7)
        if rank < len(V.FAMOUS_BASES):
            b = V.FAMOUS_BASES[rank]
            org, stem = b.id.split("/")
            root = Member(b.id, org, stem, "base", [], 0, created, b.license, b.license_name)
            return Family(b.domain, b.arch, b.size, root)
        domain = self._choose(self.dom)
        arch = self._pick(V.DOMAIN_ARCHES[domain])
        size = self._pick(V.SIZES) if domain == "llm" else ""
        org = self._pick(V.LABS)
        stem = f"{self._pick(V.BASE_STEMS)}-{1 + int(rng.random() * 4)}"
        stem += (
            f"-{size}{self._pick(V.VARIANTS)}"
            if size
            else f"-{self._pick(('base', 'large', 'small', 'v1'))}"
        )
        lic, lic_name = self._license()
        root = Member(self._claim(org, stem), org, stem, "base", [], 0, created, lic, lic_name)
        return Family(domain, arch, size, root)

    def _plan_family(self, rank: int, size: int, dangling: bool, cycle: bool) -> Family:
        rng = self.rng
        fam = self._root(rank)
        root = fam.root
        fam.members.append(root)
        trunk: list[Member] = [root]
        depth: dict[str, int] = {root.id: 0}
        spine_target = 10 + int(rng.random() * 5) if size >= V.SPINE_MIN_FAMILY else 0
        tip, spine = root, 0
        for _ in range(size):
            rel: str = self._choose(self.rel)
            on_spine = rel in V.TRUNK_RELATIONS and spine < spine_target
            if rel == "merge":
                prim = tip if on_spine else self._pick(trunk)
                parents = self._merge_parents(prim, trunk, fam.domain)
            else:
                prim = tip if on_spine else self._pick_parent(rel, root, trunk)
                parents = [self._single_parent(rel, prim)]
            child = self._child(rel, prim, parents, fam)
            child.depth = 1 + max((depth.get(p.id, 0) for p in parents), default=0)
            depth[child.id] = child.depth
            fam.members.append(child)
            if rel in V.TRUNK_RELATIONS:
                trunk.append(child)
                if on_spine:
                    tip, spine = child, spine + 1
        if dangling:
            for mem in fam.members:
                mem.parents = [
                    replace(p, dangling=True) if p.id == root.id else p for p in mem.parents
                ]
        elif cycle:
            self._add_cycle(fam)
        if not dangling:
            self._to_pool(fam.domain, root.id)
        for _ in range(min(4, len(trunk) - 1)):
            self._to_pool(fam.domain, self._pick(trunk[1:]).id)
        return fam

    def _add_cycle(self, fam: Family) -> None:
        """The root declares one of its own fine-tunes (or itself) as its base."""
        root = fam.root
        for mem in fam.members[1:]:
            if mem.kind == "finetune" and mem.parents[0].id == root.id:
                mem.parents[0] = replace(mem.parents[0], cycle=True)
                root.parents.append(Parent(mem.id, "finetune", cycle=True))
                return
        root.parents.append(Parent(root.id, "finetune", cycle=True))

    def _to_pool(self, domain: str, model_id: str) -> None:
        pool = self.pool[domain]
        if len(pool) < _POOL_SIZE:
            pool.append(model_id)
        else:
            pool[self.pool_at[domain]] = model_id
            self.pool_at[domain] = (self.pool_at[domain] + 1) % _POOL_SIZE

    def _pick_parent(self, rel: str, root: Member, trunk: list[Member]) -> Member:
        r = self.rng.random()
        to_root, to_recent = {
            "adapter": (0.6, 0.1),
            "quantized": (0.35, 0.25),
            "finetune": (0.45, 0.2),
            "distillation": (0.7, 0.1),
        }[rel]
        if r < to_root:
            return root
        if r < to_root + to_recent:
            return trunk[-1]
        return self._pick(trunk)

    def _ghost(self, prim: Member) -> str:
        """The id of a parent that has no card (deleted, private, or mistyped)."""
        short = prim.stem[:40]
        return self._claim(self._user(), f"{short}-{self._pick(V.TUNE_SUFFIXES)}-private")

    def _single_parent(self, rel: str, prim: Member) -> Parent:
        r = self.rng.random()
        if r < V.DANGLING_PARENT_RATE:
            return Parent(self._ghost(prim), rel, dangling=True)
        if rel == "finetune" and r < 0.12:
            return Parent(prim.id, rel, evidence="prose")
        if rel == "quantized" and r < 0.03:
            return Parent(prim.id, rel, evidence="tags")
        return Parent(prim.id, rel)

    def _merge_parents(self, prim: Member, trunk: list[Member], domain: str) -> list[Parent]:
        rng = self.rng
        k: int = self._choose(self.merge_k)
        ids = [prim.id]
        ghosts: set[str] = set()
        pool = self.pool[domain]
        for _ in range(4 * k):
            if len(ids) == k:
                break
            r = rng.random()
            if r < 0.65 and len(trunk) > len(ids):
                cand = self._pick(trunk).id
            elif r < 0.96 and pool:
                cand = self._pick(pool)
            else:
                cand = self._ghost(prim)
                ghosts.add(cand)
            if cand not in ids:
                ids.append(cand)
        while len(ids) < 2:
            ids.append(self._ghost(prim))
            ghosts.add(ids[-1])
        return [Parent(i, "merge", dangling=i in ghosts) for i in ids]

    def _child(self, rel: str, prim: Member, parents: list[Parent], fam: Family) -> Member:
        rng = self.rng
        short = prim.stem if len(prim.stem) <= 40 else fam.root.stem
        r = rng.random()
        fmt = None
        if rel == "finetune":
            author = self._user() if r < 0.65 else self._pick(V.COMMUNITY)
            r = rng.random()
            if r < 0.45:
                stem = f"{short}-{self._pick(V.TUNE_SUFFIXES)}"
            elif r < 0.65:
                stem = f"{self._pick(V.BRANDS)}-{1 + int(rng.random() * 4)}-{fam.root.stem}"
            elif r < 0.85:
                ds = self._pick(V.LLM_DATASETS).split("/")[-1]
                stem = f"{short.lower()}-finetuned-{ds}"
            else:
                stem = (
                    f"{fam.root.stem}-{self._pick(V.TUNE_SUFFIXES)}-{self._pick(V.TUNE_SUFFIXES)}"
                )
        elif rel == "adapter":
            author = self._user() if r < 0.9 else self._pick(V.COMMUNITY)
            if fam.domain == "diffusion":
                style = self._pick(V.STYLES)
                stem = (
                    f"{style}-{fam.arch}-lora"
                    if r < 0.5
                    else f"{short}-LoRA-{style}"
                    if r < 0.75
                    else f"{style}_v{1 + int(r * 9)}"
                )
            else:
                task = self._pick(V.ADAPTER_TASKS)
                stem = self._pick(
                    (
                        f"{short}-{task}-lora",
                        f"{short}-qlora-{task}",
                        f"lora-{task}-{fam.size or fam.arch}",
                        f"{task}-adapter",
                    )
                )
        elif rel == "quantized":
            if fam.domain != "llm":
                author = self._user() if r < 0.7 else self._pick(V.LABS)
                fmt = self._pick(V.OTHER_QUANT_SUFFIXES)
            elif r < 0.8:
                author, fmts = self._choose(self.quant)
                fmt = self._pick(fmts)
            else:
                author, fmt = self._user(), self._pick(V.USER_QUANT_SUFFIXES)
            stem = f"{prim.stem}-{fmt}"
        elif rel == "merge":
            author = self._pick(V.MERGERS) if r < 0.6 else self._user()
            size = fam.size or "base"
            stem = self._pick(
                (
                    f"{self._pick(V.ADJ)}{self._pick(V.ANIMALS)}-{size}",
                    f"{short}-{self._pick(V.MERGE_WORDS)}",
                    f"{self._pick(V.BRANDS)}-{size}-{self._pick(V.MERGE_WORDS)}",
                )
            )
        else:
            author = self._pick(V.LABS) if r < 0.5 else self._user()
            stem = self._pick(
                (
                    f"{self._pick(V.BRANDS)}-Distill-{fam.arch.title()}-{fam.size or 'small'}",
                    f"{short}-distilled",
                    f"distil-{fam.root.stem.lower()}",
                )
            )
        if rng.random() < 0.55:
            lic, lic_name = prim.license, prim.license_name
        else:
            lic, lic_name = self._license()
        share = {"finetune": 0.65, "adapter": 0.45, "distillation": 0.5, "merge": 0.05}.get(rel)
        datasets = (
            self._datasets(fam.domain, share)
            if share is not None
            else prim.datasets
            if rng.random() < 0.25
            else ()
        )
        model_id = self._claim(author, stem)
        return Member(
            model_id,
            author,
            model_id.split("/", 1)[1],
            rel,
            parents,
            0,
            self._date_after(prim.created),
            lic,
            lic_name,
            datasets,
            fmt,
        )

    # --- cards and Hub fields --------------------------------------------------
