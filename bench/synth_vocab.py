"""Vocabulary for the synthetic Hub: orgs, names, datasets, licences, weights.

Everything here is plain data. The numbers that shape the graph are collected
at the top so the generator and the tests read the same values.
"""

from __future__ import annotations

from typing import Final, NamedTuple


def _words(text: str) -> tuple[str, ...]:
    """A tuple of the whitespace-separated words of ``text``."""
    return tuple(text.split())


# --- The shape of the graph -------------------------------------------------

LINEAGE_SHARE: Final = 0.25  # models that declare a parent
FAMILY_SHARE: Final = 0.02  # bases with at least one descendant, per model
FAMILY_ZIPF: Final = 1.1  # family size ~ rank ** -FAMILY_ZIPF
DANGLING_ROOT_SHARE: Final = 0.03  # such bases that have no card of their own
CYCLES_PER_10K: Final = 6
SELF_LOOPS_PER_10K: Final = 2
DANGLING_PARENT_RATE: Final = 0.004  # single-parent children naming a missing model
SPINE_MIN_FAMILY: Final = 40  # families this big get a chain of depth >= 10
SHUFFLE_WINDOW: Final = 1024

# Edge counts HuggingKG reported for the Hub, plus a small share of distillation.
HUB_EDGES: Final[dict[str, int]] = {
    "adapter": 155_642,
    "finetune": 107_162,
    "quantized": 45_809,
    "merge": 20_003,
    "distillation": 6_700,
}
MERGE_PARENTS: Final[tuple[tuple[int, float], ...]] = ((2, 0.5), (3, 0.25), (4, 0.15), (5, 0.1))
MERGE_MEAN_PARENTS: Final = sum(k * w for k, w in MERGE_PARENTS)
# Models per relation so that *edges* come out in the Hub's proportions.
RELATION_WEIGHTS: Final[dict[str, float]] = {
    rel: n / (MERGE_MEAN_PARENTS if rel == "merge" else 1.0) for rel, n in HUB_EDGES.items()
}
TRUNK_RELATIONS: Final = frozenset({"finetune", "merge", "distillation"})


class Base(NamedTuple):
    """A well-known base model that heads one of the largest families."""

    id: str
    domain: str
    arch: str
    license: str | None
    license_name: str | None
    size: str


FAMOUS_BASES: Final[tuple[Base, ...]] = (
    Base("meta-llama/Llama-3.1-8B-Instruct", "llm", "llama", "llama3.1", None, "8B"),
    Base(
        "black-forest-labs/FLUX.1-dev",
        "diffusion",
        "flux",
        "other",
        "flux-1-dev-non-commercial-license",
        "12B",
    ),
    Base("meta-llama/Meta-Llama-3-8B-Instruct", "llm", "llama", "llama3", None, "8B"),
    Base("mistralai/Mistral-7B-v0.1", "llm", "mistral", "apache-2.0", None, "7B"),
    Base("Qwen/Qwen2.5-7B-Instruct", "llm", "qwen2", "apache-2.0", None, "7B"),
    Base("stabilityai/stable-diffusion-xl-base-1.0", "diffusion", "sdxl", "openrail++", None, ""),
    Base("google/gemma-2-9b-it", "llm", "gemma2", "gemma", None, "9B"),
    Base("meta-llama/Llama-2-7b-hf", "llm", "llama", "llama2", None, "7B"),
    Base("unsloth/llama-3-8b-bnb-4bit", "llm", "llama", "llama3", None, "8B"),
    Base("Qwen/Qwen2.5-0.5B-Instruct", "llm", "qwen2", "apache-2.0", None, "0.5B"),
    Base("TinyLlama/TinyLlama-1.1B-Chat-v1.0", "llm", "llama", "apache-2.0", None, "1.1B"),
    Base("mistralai/Mistral-7B-Instruct-v0.2", "llm", "mistral", "apache-2.0", None, "7B"),
    Base("microsoft/Phi-3-mini-4k-instruct", "llm", "phi3", "mit", None, "3.8B"),
    Base("meta-llama/Llama-3.2-1B-Instruct", "llm", "llama", "llama3.2", None, "1B"),
    Base("runwayml/stable-diffusion-v1-5", "diffusion", "sd", "creativeml-openrail-m", None, ""),
    Base("openai/whisper-small", "speech", "whisper", "apache-2.0", None, ""),
    Base("google-bert/bert-base-uncased", "encoder", "bert", "apache-2.0", None, ""),
    Base("deepseek-ai/DeepSeek-R1", "llm", "deepseek_v3", "mit", None, "671B"),
    Base("Qwen/Qwen2-1.5B", "llm", "qwen2", "apache-2.0", None, "1.5B"),
    Base("FacebookAI/xlm-roberta-base", "encoder", "xlm-roberta", "mit", None, ""),
    Base("HuggingFaceTB/SmolLM2-1.7B-Instruct", "llm", "llama", "apache-2.0", None, "1.7B"),
    Base("google/gemma-2b", "llm", "gemma", "gemma", None, "2B"),
    Base("distilbert/distilbert-base-uncased", "encoder", "distilbert", "apache-2.0", None, ""),
    Base("mistralai/Mixtral-8x7B-Instruct-v0.1", "llm", "mixtral", "apache-2.0", None, "47B"),
    Base("google/vit-base-patch16-224", "vision", "vit", "apache-2.0", None, ""),
    Base("Qwen/Qwen2.5-Coder-7B-Instruct", "llm", "qwen2", "apache-2.0", None, "7B"),
    Base("sentence-transformers/all-MiniLM-L6-v2", "encoder", "bert", "apache-2.0", None, ""),
    Base("01-ai/Yi-34B", "llm", "llama", "other", "yi-license", "34B"),
    Base("tiiuae/falcon-7b", "llm", "falcon", "apache-2.0", None, "7B"),
    Base("openai/whisper-large-v3", "speech", "whisper", "apache-2.0", None, ""),
    Base("google/flan-t5-base", "llm", "t5", "apache-2.0", None, ""),
    Base("EleutherAI/pythia-410m", "llm", "gpt_neox", "apache-2.0", None, "410M"),
)

DOMAINS: Final = _words("llm diffusion encoder speech vision")
DOMAIN_WEIGHTS: Final = (0.62, 0.14, 0.12, 0.06, 0.06)
DOMAIN_PIPELINE: Final[dict[str, tuple[str, ...]]] = {
    "llm": ("text-generation",),
    "diffusion": ("text-to-image",),
    "encoder": (
        "text-classification",
        "feature-extraction",
        "token-classification",
        "fill-mask",
        "sentence-similarity",
        "question-answering",
    ),
    "speech": ("automatic-speech-recognition", "text-to-speech", "audio-classification"),
    "vision": ("image-classification", "object-detection", "image-segmentation"),
}
DOMAIN_LIBRARY: Final[dict[str, str]] = {
    "llm": "transformers",
    "diffusion": "diffusers",
    "encoder": "transformers",
    "speech": "transformers",
    "vision": "transformers",
}
DOMAIN_ARCHES: Final[dict[str, tuple[str, ...]]] = {
    "llm": (
        "llama",
        "mistral",
        "qwen2",
        "gemma2",
        "phi3",
        "gpt_neox",
        "falcon",
        "olmo",
        "stablelm",
        "internlm2",
    ),
    "diffusion": ("sd", "sdxl", "flux", "pixart", "kandinsky"),
    "encoder": ("bert", "roberta", "deberta-v2", "electra", "xlm-roberta", "modernbert"),
    "speech": ("whisper", "wav2vec2", "speecht5", "hubert"),
    "vision": ("vit", "convnext", "swin", "detr", "segformer", "dinov2"),
}

# --- Orgs and people --------------------------------------------------------

LABS: Final = _words(
    "acme-ai nova-labs OpenLM-Research TigerResearch upstage internlm stabilityai allenai "
    "Salesforce ibm-granite nvidia CohereForAI bigscience EleutherAI databricks "
    "togethercomputer mosaicml baichuan-inc THUDM openbmb LGAI-EXAONE rinna cyberagent "
    "sarvamai BAAI jinaai nomic-ai Snowflake intfloat thenlper ai-forever facebook "
    "microsoft google amazon apple Alibaba-NLP h2oai LiquidAI zai-org"
)
COMMUNITY: Final = _words(
    "NousResearch cognitivecomputations teknium mlabonne Undi95 Sao10K nbeerbower "
    "allknowingroger grimjim bunnycore DreadPoor jeiku openchat WizardLMTeam lmsys "
    "HuggingFaceH4 argilla Intel princeton-nlp abacusai VAGOsolutions DiscoResearch "
    "CultriX flammenai Locutusque migtissera jondurbin Gryphe NeverSleep TheDrummer "
    "anthracite-org Replete-AI maywell beomi yanolja elyza tokyotech-llm SeaLLMs vilm "
    "bineric HooshvareLab dbmdz KBLab neuralmagic prithivMLmods"
)
MERGERS: Final = _words(
    "mlabonne allknowingroger nbeerbower grimjim bunnycore DreadPoor jeiku CultriX Undi95 "
    "Sao10K flammenai Kukedlc Nitral-AI invalid-coder PetroGPT yam-peleg automerger "
    "zhengr Lambent FallenMerick"
)
# Quantizers and the suffixes they use; the first of each is the most common.
QUANTIZERS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("bartowski", ("GGUF", "exl2", "GGUF", "GGUF")),
    ("mradermacher", ("GGUF", "i1-GGUF")),
    ("TheBloke", ("GGUF", "AWQ", "GPTQ")),
    ("QuantFactory", ("GGUF",)),
    ("lmstudio-community", ("GGUF",)),
    ("MaziyarPanahi", ("GGUF",)),
    ("unsloth", ("bnb-4bit", "GGUF", "unsloth-bnb-4bit")),
    ("mlx-community", ("4bit", "8bit", "MLX-4bit")),
    ("second-state", ("GGUF",)),
    ("RichardErkhov", ("4bits", "8bits", "gguf", "awq")),
    ("TechxGenus", ("AWQ", "GPTQ-Int4")),
    ("neuralmagic", ("FP8", "quantized.w4a16", "FP8-dynamic")),
)
QUANTIZER_WEIGHTS: Final = (22, 20, 8, 6, 5, 4, 5, 6, 3, 6, 2, 2)
USER_QUANT_SUFFIXES: Final = _words(
    "Q4_K_M-GGUF Q8_0-GGUF Q5_K_M-GGUF Q6_K-GGUF GGUF AWQ 4bit 8bit int4 fp8"
)
OTHER_QUANT_SUFFIXES: Final = _words("int8 onnx fp16 ct2 8bit openvino nf4")

FIRST: Final = _words(
    "alex maria jun li wei ahmed sara john anna ivan yuki kenji priya arjun omar lucas "
    "sofia mateo emma noah olga dmitry fatima chen hiro minh linh kwame amara diego elena "
    "paul nina tom leo mia ravi sunil aditya mohamed yusuf hana jae soo min tae pablo "
    "marco giulia lars ingrid piotr"
)
LAST: Final = _words(
    "smith nguyen kim lee park wang zhang liu chen garcia rossi muller schmidt ivanov "
    "petrov tanaka suzuki sato khan singh patel sharma ali hassan silva santos costa "
    "dubois martin novak kowalski jensen berg lopez diaz ortiz yilmaz demir okafor mensah "
    "tran pham ho wu zhao sun ma"
)
HANDLE_WORDS: Final = _words(
    "ai ml nlp dev lab labs hf tech data bot coder research studio works hub x io ai-lab llm dl"
)

# --- Names ------------------------------------------------------------------

TUNE_SUFFIXES: Final = _words(
    "sft dpo orpo kto simpo ft finetuned instruct chat it abliterated uncensored v2 v0.1 "
    "v1.5 math code coder medical legal finance roleplay RP storywriter function-calling "
    "tool-use reasoning cot grpo r1 alpaca dolly orca hermes dolphin ja ko de fr zh vi tr "
    "ar hi it-IT es pt-BR ru pl id th nl sv fa bn uk he sft-full lora-merged 16bit merged "
    "continued-pretrain base-ft chatml sft-v3 dpo-v2"
)
BRANDS: Final = _words(
    "Hermes Dolphin Nous Zephyr OpenHermes Neural Magnum Stheno Lumimaid Rocinante Tess "
    "Bagel Airoboros Synthia Saul Meditron Orca Platypus Wizard Vicuna Starling Nemo Tulu "
    "OLMoE Marco Sky Aura Nova Lyra Orion Atlas Nexus Echo Sage Falcon"
)
ADJ: Final = _words(
    "Neural Mystic Golden Silver Dark Bright Wild Quantum Hyper Super Mega Tiny Swift "
    "Noble Lunar Solar Crimson"
)
ANIMALS: Final = _words(
    "Beagle Monarch Hermes Owl Fox Wolf Tiger Falcon Dolphin Orca Phoenix Dragon Raven "
    "Lynx Panda Otter"
)
MERGE_WORDS: Final = _words(
    "slerp merge ties dare dare-ties MoE Franken model-stock della linear passthrough mix blend"
)
MERGE_METHODS: Final = _words(
    "slerp ties dare_ties linear model_stock della task_arithmetic breadcrumbs"
)
ADAPTER_TASKS: Final = _words(
    "sql summarization chat qa ner translation medical legal code instruct classification "
    "rp math json tool finance poetry support"
)
STYLES: Final = _words(
    "anime watercolor pixel-art cyberpunk ghibli sketch oil-painting 3d-render "
    "vintage-photo comic ukiyo-e lineart neon claymation portrait retro-poster tarot"
)
BASE_STEMS: Final = _words(
    "Nova Atlas Orion Helix Aquila Zephyr Lumen Vega Sirius Cosmo Pixel Granite Ember "
    "Falcon Kestrel Tern Marlin Cedar Aspen Juniper"
)
SIZES: Final = _words("0.5B 1B 1.5B 2B 3B 7B 8B 9B 12B 13B 14B 22B 27B 32B 34B 70B 72B")
VARIANTS: Final = ("", "-Instruct", "-Chat", "-Base", "-it", "-v0.1", "-v2", "-Preview")

# Standalone models (no declared parent), by domain: names people actually upload.
STANDALONE_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "llm": (
        "my-llm",
        "test-model",
        "gpt2-finetuned-wikitext2",
        "tiny-random-llama",
        "custom-chat-model",
        "llama-3-8b-custom",
        "qwen-finetune",
        "sft-model",
        "model",
        "checkpoints",
        "output",
        "mistral-7b-ft",
        "gpt2-poetry",
        "distilgpt2-lyrics",
    ),
    "diffusion": (
        "sd-class-butterflies-32",
        "ddpm-celebahq-256",
        "my-dreambooth",
        "dreambooth-dog",
        "textual-inversion-cat",
        "controlnet-canny",
        "sdxl-lora-test",
    ),
    "encoder": (
        "bert-finetuned-ner",
        "distilbert-base-uncased-finetuned-emotion",
        "xlm-roberta-base-finetuned-panx-de",
        "my_awesome_model",
        "bert-base-uncased-mrpc",
        "roberta-sentiment",
        "deberta-v3-nli",
        "bert-finetuned-squad",
        "e5-base-custom",
        "codebert-vuln",
        "finbert-tone",
        "sentiment-model",
        "spam-classifier",
    ),
    "speech": (
        "whisper-small-hi",
        "whisper-tiny-minds14",
        "wav2vec2-base-timit",
        "speecht5_tts_voxpopuli_nl",
        "whisper-small-dv",
        "hubert-gtzan",
    ),
    "vision": (
        "vit-base-beans",
        "convnext-tiny-food101",
        "detr-resnet-50-cppe5",
        "segformer-b0-scene-parse",
        "swin-tiny-eurosat",
        "resnet-cats-dogs",
    ),
    "rl": (
        "ppo-LunarLander-v2",
        "dqn-SpaceInvadersNoFrameskip-v4",
        "ppo-Huggy",
        "a2c-PandaReachDense-v3",
        "ppo-SnowballTarget",
        "Reinforce-CartPole-v1",
        "q-FrozenLake-v1-4x4-noSlippery",
        "ppo-PyramidsRND",
        "poca-SoccerTwos",
    ),
}
STANDALONE_DOMAINS: Final = _words("llm diffusion encoder speech vision rl")
STANDALONE_WEIGHTS: Final = (0.3, 0.1, 0.25, 0.08, 0.09, 0.18)
RL_LIBRARIES: Final = _words("stable-baselines3 ml-agents sample-factory")

# --- Datasets and licences ----------------------------------------------------

LLM_DATASETS: Final = _words(
    "HuggingFaceH4/ultrachat_200k teknium/OpenHermes-2.5 yahma/alpaca-cleaned "
    "HuggingFaceH4/ultrafeedback_binarized Open-Orca/SlimOrca tatsu-lab/alpaca "
    "mlabonne/orpo-dpo-mix-40k databricks/databricks-dolly-15k Intel/orca_dpo_pairs "
    "timdettmers/openassistant-guanaco garage-bAInd/Open-Platypus openai/gsm8k "
    "meta-math/MetaMathQA argilla/distilabel-intel-orca-dpo-pairs Open-Orca/OpenOrca "
    "cognitivecomputations/dolphin WizardLMTeam/WizardLM_evol_instruct_V2_196k "
    "HuggingFaceFW/fineweb-edu allenai/c4 wikimedia/wikipedia bigcode/the-stack "
    "nvidia/HelpSteer2 jondurbin/airoboros-3.2 sahil2801/CodeAlpaca-20k"
)
TASK_DATASETS: Final = _words(
    "imdb glue squad emotion conll2003 stanfordnlp/sst2 ag_news rotten_tomatoes "
    "yelp_review_full xtreme cnn_dailymail samsum wikiann multi_nli snli tweet_eval "
    "financial_phrasebank sentence-transformers/all-nli"
)
SPEECH_DATASETS: Final = _words(
    "mozilla-foundation/common_voice_11_0 librispeech_asr facebook/voxpopuli "
    "google/fleurs PolyAI/minds14 mozilla-foundation/common_voice_16_1 marsyas/gtzan"
)
IMAGE_DATASETS: Final = _words(
    "beans food101 cifar10 imagenet-1k detection-datasets/coco "
    "huggan/smithsonian_butterflies_subset scene_parse_150 blanchon/EuroSAT_RGB "
    "lambdalabs/pokemon-blip-captions"
)
DATASET_TOPICS: Final = _words(
    "instruct chat dpo-pairs sft-mix qa corpus reviews medical-qa code-instructions "
    "math-cot translations news tweets legal-docs captions prompts roleplay faq"
)

LICENSES: Final = (
    "apache-2.0",
    "mit",
    None,
    "cc-by-nc-4.0",
    "other",
    "cc-by-4.0",
    "llama3.1",
    "llama3",
    "gemma",
    "openrail",
    "creativeml-openrail-m",
    "cc-by-sa-4.0",
    "afl-3.0",
    "llama2",
    "bsd-3-clause",
    "gpl-3.0",
)
LICENSE_WEIGHTS: Final = (32, 14, 25, 5, 6, 4, 4, 3, 2, 2, 1, 1, 1, 1, 0.5, 0.5)
OTHER_LICENSE_NAMES: Final = _words(
    "qwen-research deepseek tongyi-qianwen yi-license llama3 "
    "flux-1-dev-non-commercial-license exaone health-ai-developer-foundations "
    "sai-nc-community"
)
LANGUAGES: Final = _words(
    "en zh ja ko de fr es ru vi ar hi it pt tr pl nl id th fa sv multilingual"
)
