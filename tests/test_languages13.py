"""Lineage stated in eleven languages: each kind of statement a native writer would use, in
two or three phrasings (word order, a Hub link, a bare ORG/NAME id, a link with display
text), and the sentences in each language that name a model without being its parent.

The sentences are written for these tests: `{L}` is a markdown link with display text, `{I}`
a bare id, `{U}` a Hub URL, `{C}` an id in code; `{A}` and `{B}` two merge inputs (links or
ids), `{T}` the teacher. Each card is the sentence under a neutral title.
"""

from __future__ import annotations

import pytest

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT, AD, QU, ME, DI = (
    Relation.FINETUNE,
    Relation.ADAPTER,
    Relation.QUANTIZED,
    Relation.MERGE,
    Relation.DISTILLATION,
)
HUB = "https://huggingface.co"
PARENT, SECOND, TEACHER = "lark/Lark-7B", "finch/Finch-7B", "lark/Lark-70B"
_REFS = {
    "L": f"[Lark-7B]({HUB}/{PARENT})",
    "I": PARENT,
    "U": f"{HUB}/{PARENT}",
    "C": f"`{PARENT}`",
    "A": f"[Lark-7B]({HUB}/{PARENT})",
    "B": SECOND,
    "A2": PARENT,
    "B2": f"[Finch-7B]({HUB}/{SECOND})",
    "T": TEACHER,
    "TL": f"[Lark-70B]({HUB}/{TEACHER})",
}
# What the reader must give for each kind.
EXPECTED: dict[str, dict[str, Relation]] = {
    "finetune": {PARENT: FT},
    "based": {PARENT: FT},
    "continued": {PARENT: FT},
    "merge": {PARENT: ME, SECOND: ME},
    "merged_with": {PARENT: ME, SECOND: ME},
    "quantized": {PARENT: QU},
    "distilled": {TEACHER: DI},
    "adapter": {PARENT: AD},
    "label": {PARENT: FT},
}

# fmt: off
POSITIVE: dict[str, dict[str, tuple[str, ...]]] = {
    "zh": {
        "finetune": ("本模型是在 {I} 的基础上微调得到的。", "本模型基于{L}进行指令微调。",
                     "这是 {I} 的微调版本，使用中文对话数据训练。"),
        "based": ("本模型基于 {I} 开发。", "该模型以{L}为基座模型训练。"),
        "continued": ("我们在 {I} 的基础上继续预训练了 200B tokens。",
                      "本模型由 {L} 经过增量预训练得到。", "对 {I} 进行了二次预训练。"),
        "merge": ("本模型是 {A} 和 {B} 的合并模型。", "本模型由 {A2} 与 {B2} 融合而成。"),
        "merged_with": ("我们将 {A} 与 {B} 合并得到本模型。", "将 {A2} 和 {B2} 进行了模型融合。"),
        "quantized": ("本仓库提供 {L} 的 GGUF 量化版本。", "这是 {I} 的 4bit 量化模型。",
                      "将 {I} 转换为 GGUF 格式的文件。"),
        "distilled": ("本模型从 {T} 蒸馏而来。", "以 {TL} 为教师模型进行知识蒸馏。"),
        "adapter": ("这是 {I} 的 LoRA 适配器。", "基于 {L} 训练的 LoRA 适配器。"),
        "label": ("基础模型：{I}", "基座模型: {L}", "原始模型：{U}"),
    },
    "ja": {
        "finetune": ("このモデルは {L} をファインチューニングしたものです。",
                     "{I} を日本語の指示データで微調整したモデルです。",
                     "{I} をベースに日本語データでファインチューニングしました。"),
        "based": ("{I} をベースにしたモデルです。", "本モデルは {L} をベースとしています。"),
        "continued": ("{I} に対して日本語コーパスで継続事前学習を行いました。",
                      "{L} を継続事前学習したモデルです。"),
        "merge": ("このモデルは {A} と {B} をマージしたものです。", "{A2} と {B2} のマージモデルです。"),
        "merged_with": ("{A} に {B} をマージしました。", "{A2} と {B2} をマージして作成しました。"),
        "quantized": ("{L} を GGUF 形式に変換したものです。", "{I} の GGUF 量子化版です。"),
        "distilled": ("{T} から蒸留したモデルです。", "{TL} を教師モデルとして知識蒸留を行いました。"),
        "adapter": ("{I} 用の LoRA アダプタです。", "{L} に対する LoRA アダプターです。"),
        "label": ("ベースモデル: {I}", "元モデル：{L}", "オリジナルモデル: {U}"),
    },
    "ko": {
        "finetune": ("이 모델은 {L}을 파인튜닝한 모델입니다.",
                     "{I}를 기반으로 한국어 데이터셋으로 파인튜닝했습니다.",
                     "{I} 모델을 한국어 지시 데이터로 미세 조정했습니다."),
        "based": ("{I}를 기반으로 한 모델입니다.", "이 모델은 {L} 기반입니다."),
        "continued": ("{I}에 한국어 말뭉치로 추가 사전학습을 진행했습니다.",
                      "{L}를 계속 사전 학습한 모델입니다."),
        "merge": ("이 모델은 {A}와 {B}를 병합한 모델입니다.", "{A2}와 {B2}의 머지 모델입니다."),
        "merged_with": ("{A}에 {B}를 병합했습니다.", "{A2}와 {B2}를 머지하여 만들었습니다."),
        "quantized": ("{L}의 GGUF 양자화 버전입니다.", "{I}를 GGUF 형식으로 변환한 모델입니다."),
        "distilled": ("{T}에서 증류한 모델입니다.", "{TL}를 교사 모델로 사용하여 지식 증류를 수행했습니다."),
        "adapter": ("{I}용 LoRA 어댑터입니다.", "{L}에 대한 LoRA 어댑터입니다."),
        "label": ("베이스 모델: {I}", "기본 모델: {L}", "원본 모델: {U}"),
    },
    "ru": {
        "finetune": ("Эта модель — дообученная версия {L} на русскоязычных диалогах.",
                     "Мы дообучили {I} на русском корпусе.", "Файнтюн {I} на русских инструкциях."),
        "based": ("Модель основана на {I}.", "Создана на основе {L}."),
        "continued": ("Мы продолжили предобучение {L} на 20 млрд токенов.",
                      "Модель получена дополнительным предобучением {I} на русском корпусе."),
        "merge": ("Эта модель — слияние {A} и {B}.", "Мерж моделей {A2} и {B2}."),
        "merged_with": ("Мы объединили {A} с {B} с помощью mergekit.",
                        "Модель получена слиянием {A2} с {B2}."),
        "quantized": ("Квантованная версия модели {L}.", "GGUF-версия {I}.",
                      "{I}, сконвертированная в формат GGUF."),
        "distilled": ("Модель дистиллирована из {T}.", "В качестве модели-учителя использовалась {TL}."),
        "adapter": ("LoRA-адаптер для {I}.", "Это LoRA-адаптер, обученный поверх {L}."),
        "label": ("Базовая модель: {I}", "Исходная модель: {L}", "Оригинальная модель: {U}"),
    },
    "de": {
        "finetune": ("Dieses Modell ist eine feinabgestimmte Version von {L}.",
                     "Wir haben {I} auf deutschen Dialogdaten feinabgestimmt.",
                     "Ein Finetune von {I} für deutsche Kundendialoge."),
        "based": ("Das Modell basiert auf {I}.", "Basierend auf {L}."),
        "continued": ("Weiteres Vortraining von {I} auf deutschen Texten.",
                      "Wir haben {L} auf 50 Mrd. deutschen Tokens weiter vortrainiert."),
        "merge": ("Dieses Modell ist ein Merge aus {A} und {B}.", "Eine Zusammenführung von {A2} und {B2}."),
        "merged_with": ("Wir haben {A} mit {B} zusammengeführt.", "Wir haben {A2} mit {B2} gemergt."),
        "quantized": ("Quantisierte Version von {L}.", "GGUF-Dateien für {I}.",
                      "{I}, ins GGUF-Format konvertiert."),
        "distilled": ("Dieses Modell wurde aus {T} destilliert.", "Als Lehrermodell diente {TL}."),
        "adapter": ("Ein LoRA-Adapter für {I}.", "LoRA-Adapter, trainiert auf {L}."),
        "label": ("Basismodell: {I}", "Ursprüngliches Modell: {L}", "Originalmodell: {U}"),
    },
    "fr": {
        "finetune": ("Ce modèle est une version affinée de {L}.",
                     "Nous avons fine-tuné {I} sur des dialogues en français.",
                     "Modèle fine-tuné à partir de {I}."),
        "based": ("Ce modèle est basé sur {I}.", "Basé sur {L}."),
        "continued": ("Pré-entraînement continu de {I} sur un corpus français.",
                      "Nous avons poursuivi le pré-entraînement de {L}."),
        "merge": ("Ce modèle est une fusion de {A} et {B}.", "Un merge de {A2} et de {B2}."),
        "merged_with": ("Nous avons fusionné {A} avec {B}.", "Nous avons fusionné {A2} et {B2}."),
        "quantized": ("Version quantifiée de {L}.", "Fichiers GGUF pour {I}.",
                      "{I} converti au format GGUF."),
        "distilled": ("Ce modèle a été distillé à partir de {T}.", "Modèle enseignant : {TL}"),
        "adapter": ("Adaptateur LoRA pour {I}.", "Un adaptateur LoRA entraîné sur {L}."),
        "label": ("Modèle de base : {I}", "Modèle d'origine : {L}", "Modèle original : {U}"),
    },
    "es": {
        "finetune": ("Este modelo es una versión ajustada de {L}.",
                     "Hemos afinado {I} con diálogos en español.",
                     "Modelo ajustado a partir de {I}."),
        "based": ("Este modelo está basado en {I}.", "Basado en {L}."),
        "continued": ("Preentrenamiento continuo de {I} con un corpus en español.",
                      "Continuamos el preentrenamiento de {L}."),
        "merge": ("Este modelo es una fusión de {A} y {B}.", "Un merge de {A2} y {B2}."),
        "merged_with": ("Fusionamos {A} con {B}.", "Hemos fusionado {A2} y {B2}."),
        "quantized": ("Versión cuantizada de {L}.", "Archivos GGUF para {I}.",
                      "{I} convertido a formato GGUF."),
        "distilled": ("Este modelo fue destilado de {T}.", "Modelo maestro: {TL}"),
        "adapter": ("Adaptador LoRA para {I}.", "Un adaptador LoRA entrenado sobre {L}."),
        "label": ("Modelo base: {I}", "Modelo original: {L}", "Modelo de base: {U}"),
    },
    "pt": {
        "finetune": ("Este modelo é uma versão ajustada de {L}.",
                     "Fizemos o fine-tuning do {I} com diálogos em português.",
                     "Modelo ajustado a partir do {I}."),
        "based": ("Este modelo é baseado no {I}.", "Baseado em {L}."),
        "continued": ("Pré-treinamento contínuo do {I} em um corpus em português.",
                      "Continuamos o pré-treinamento do {L}."),
        "merge": ("Este modelo é uma fusão de {A} e {B}.", "Um merge de {A2} e {B2}."),
        "merged_with": ("Mesclamos {A} com {B}.", "Fizemos a fusão do {A2} com o {B2}."),
        "quantized": ("Versão quantizada de {L}.", "Arquivos GGUF para {I}.",
                      "{I} convertido para o formato GGUF."),
        "distilled": ("Este modelo foi destilado do {T}.", "Modelo professor: {TL}"),
        "adapter": ("Adaptador LoRA para {I}.", "Um adaptador LoRA treinado sobre o {L}."),
        "label": ("Modelo base: {I}", "Modelo original: {L}", "Modelo de base: {U}"),
    },
    "it": {
        "finetune": ("Questo modello è una versione fine-tuned di {L}.",
                     "Abbiamo fatto il fine-tuning di {I} su dialoghi in italiano.",
                     "Modello ottimizzato a partire da {I}."),
        "based": ("Questo modello è basato su {I}.", "Basato su {L}."),
        "continued": ("Pre-addestramento continuo di {I} su un corpus italiano.",
                      "Abbiamo proseguito il pre-addestramento di {L}."),
        "merge": ("Questo modello è un merge di {A} e {B}.", "Una fusione di {A2} e {B2}."),
        "merged_with": ("Abbiamo unito {A} con {B}.", "Abbiamo fuso {A2} e {B2}."),
        "quantized": ("Versione quantizzata di {L}.", "File GGUF per {I}.",
                      "{I} convertito in formato GGUF."),
        "distilled": ("Questo modello è stato distillato da {T}.", "Modello insegnante: {TL}"),
        "adapter": ("Adattatore LoRA per {I}.", "Un adattatore LoRA addestrato su {L}."),
        "label": ("Modello base: {I}", "Modello originale: {L}", "Modello di base: {U}"),
    },
    "vi": {
        "finetune": ("Mô hình này là phiên bản tinh chỉnh của {L}.",
                     "Chúng tôi đã fine-tune {I} trên dữ liệu tiếng Việt.",
                     "Được tinh chỉnh từ {I}."),
        "based": ("Mô hình này dựa trên {I}.", "Được xây dựng dựa trên {L}."),
        "continued": ("Tiếp tục tiền huấn luyện {I} trên kho dữ liệu tiếng Việt.",
                      "Mô hình được huấn luyện tiếp từ {L}."),
        "merge": ("Mô hình này là sự hợp nhất của {A} và {B}.", "Mô hình được merge từ {A2} và {B2}."),
        "merged_with": ("Chúng tôi đã hợp nhất {A} với {B}.", "Chúng tôi đã merge {A2} với {B2}."),
        "quantized": ("Phiên bản lượng tử hóa của {L}.", "Các tệp GGUF cho {I}.",
                      "{I} được chuyển đổi sang định dạng GGUF."),
        "distilled": ("Mô hình được chưng cất từ {T}.", "Mô hình giáo viên: {TL}"),
        "adapter": ("Bộ điều hợp LoRA cho {I}.", "LoRA adapter cho {L}."),
        "label": ("Mô hình gốc: {I}", "Mô hình cơ sở: {L}", "Mô hình nền tảng: {U}"),
    },
    "tr": {
        "finetune": ("Bu model, {L} modelinin ince ayarlı bir sürümüdür.",
                     "{I} üzerinde Türkçe verilerle ince ayar yapılmıştır.",
                     "{I} modeli Türkçe talimat verisiyle ince ayarlanmıştır."),
        "based": ("Bu model {I} tabanlıdır.", "{L} temel alınarak geliştirilmiştir."),
        "continued": ("{I} üzerinde Türkçe derlemle ön eğitime devam edilmiştir.",
                      "{L} modelinin sürekli ön eğitimi ile elde edilmiştir."),
        "merge": ("Bu model, {A} ve {B} modellerinin birleştirilmesiyle oluşturulmuştur.",
                  "{A2} ve {B2} modellerinin birleşimidir."),
        "merged_with": ("{A} ile {B} birleştirilmiştir.", "{A2} ile {B2} modellerini birleştirdik."),
        "quantized": ("{L} modelinin GGUF formatına dönüştürülmüş sürümüdür.",
                      "{I} modelinin kuantize edilmiş sürümü."),
        "distilled": ("Bu model {T} modelinden damıtılmıştır.", "Öğretmen model: {TL}"),
        "adapter": ("{I} için LoRA adaptörü.", "{L} üzerine eğitilmiş bir LoRA adaptörüdür."),
        "label": ("Temel model: {I}", "Ana model: {L}", "Orijinal model: {U}"),
    },
}

# Sentences that name a model that is not this model's parent: a rival, a judge, the
# tokenizer, the author's other models, a model made from this one, a shared design.
NEGATIVE: dict[str, dict[str, tuple[str, ...]]] = {
    "zh": {
        "compared": ("我们的模型在多项评测中优于 {I}。", "与 {L} 相比，本模型的推理能力更强。"),
        "judge": ("我们使用 {I} 作为评测的裁判模型。",),
        "tokenizer": ("本模型使用 {I} 的分词器。",),
        "others": ("我们的其他模型：{I}",),
        "children": ("本模型的量化版本：{C}",),
        "architecture": ("本模型采用与 {I} 相同的架构，从零开始训练。",),
    },
    "ja": {
        "compared": ("{I} よりも高い性能を示します。", "{L} と比較して日本語の性能が向上しました。"),
        "judge": ("評価には {I} を審査員モデルとして使用しました。",),
        "tokenizer": ("トークナイザーは {I} のものを使用しています。",),
        "others": ("その他のモデル: {I}",),
        "children": ("このモデルの量子化版: {C}",),
        "architecture": ("{I} と同じアーキテクチャを採用し、ゼロから学習しました。",),
    },
    "ko": {
        "compared": ("{I}보다 높은 성능을 보입니다.", "{L}와 비교하여 한국어 성능이 향상되었습니다."),
        "judge": ("평가에는 {I}를 심사 모델로 사용했습니다.",),
        "tokenizer": ("토크나이저는 {I}의 것을 사용합니다.",),
        "others": ("다른 모델: {I}",),
        "children": ("이 모델의 양자화 버전: {C}",),
        "architecture": ("{I}와 동일한 아키텍처를 사용하며 처음부터 학습했습니다.",),
    },
    "ru": {
        "compared": ("Наша модель превосходит {I} на бенчмарках.", "По сравнению с {L} модель отвечает точнее."),
        "judge": ("В качестве модели-судьи использовалась {I}.",),
        "tokenizer": ("Используется токенизатор от {I}.",),
        "others": ("Другие наши модели: {I}",),
        "children": ("Квантованные версии этой модели: {C}",),
        "architecture": ("Модель имеет ту же архитектуру, что и {I}, и обучена с нуля.",),
    },
    "de": {
        "compared": ("Unser Modell ist besser als {I}.", "Im Vergleich zu {L} antwortet es genauer."),
        "judge": ("Als Bewertungsmodell wurde {I} verwendet.",),
        "tokenizer": ("Wir verwenden den Tokenizer von {I}.",),
        "others": ("Unsere anderen Modelle: {I}",),
        "children": ("Quantisierte Versionen dieses Modells: {C}",),
        "architecture": ("Dieselbe Architektur wie {I}, aber von Grund auf trainiert.",),
    },
    "fr": {
        "compared": ("Notre modèle surpasse {I}.", "Par rapport à {L}, il répond plus précisément."),
        "judge": ("Nous avons utilisé {I} comme juge pour l'évaluation.",),
        "tokenizer": ("Nous utilisons le tokenizer de {I}.",),
        "others": ("Nos autres modèles : {I}",),
        "children": ("Versions quantifiées de ce modèle : {C}",),
        "architecture": ("Même architecture que {I}, entraîné à partir de zéro.",),
    },
    "es": {
        "compared": ("Nuestro modelo es mejor que {I}.", "En comparación con {L}, responde con más precisión."),
        "judge": ("Usamos {I} como juez para la evaluación.",),
        "tokenizer": ("Usamos el tokenizador de {I}.",),
        "others": ("Nuestros otros modelos: {I}",),
        "children": ("Versiones cuantizadas de este modelo: {C}",),
        "architecture": ("La misma arquitectura que {I}, entrenado desde cero.",),
    },
    "pt": {
        "compared": ("Nosso modelo é melhor que o {I}.", "Comparado com o {L}, responde com mais precisão."),
        "judge": ("Usamos o {I} como juiz na avaliação.",),
        "tokenizer": ("Usamos o tokenizador do {I}.",),
        "others": ("Nossos outros modelos: {I}",),
        "children": ("Versões quantizadas deste modelo: {C}",),
        "architecture": ("Mesma arquitetura do {I}, treinado do zero.",),
    },
    "it": {
        "compared": ("Il nostro modello è migliore di {I}.", "Rispetto a {L}, risponde con più precisione."),
        "judge": ("Abbiamo usato {I} come giudice per la valutazione.",),
        "tokenizer": ("Usiamo il tokenizer di {I}.",),
        "others": ("I nostri altri modelli: {I}",),
        "children": ("Versioni quantizzate di questo modello: {C}",),
        "architecture": ("Stessa architettura di {I}, addestrato da zero.",),
    },
    "vi": {
        "compared": ("Mô hình của chúng tôi tốt hơn {I}.", "So với {L}, mô hình trả lời chính xác hơn."),
        "judge": ("Chúng tôi dùng {I} làm mô hình giám khảo.",),
        "tokenizer": ("Sử dụng tokenizer của {I}.",),
        "others": ("Các mô hình khác của chúng tôi: {I}",),
        "children": ("Các phiên bản lượng tử hóa của mô hình này: {C}",),
        "architecture": ("Cùng kiến trúc với {I}, được huấn luyện từ đầu.",),
    },
    "tr": {
        "compared": ("Modelimiz {I} modelinden daha iyi sonuç verir.",
                     "{L} ile karşılaştırıldığında daha doğru yanıt verir."),
        "judge": ("Değerlendirmede hakem model olarak {I} kullanıldı.",),
        "tokenizer": ("{I} modelinin tokenizer'ı kullanılmıştır.",),
        "others": ("Diğer modellerimiz: {I}",),
        "children": ("Bu modelin kuantize sürümleri: {C}",),
        "architecture": ("{I} ile aynı mimariye sahiptir, sıfırdan eğitilmiştir.",),
    },
}
# fmt: on

MODEL_ID = "me/nova-7b"


# A card's opening line in its language (a card in a language is seldom one sentence).
INTRO = {
    "zh": "面向中文对话的语言模型。",
    "ja": "日本語の対話向けの言語モデルです。",
    "ko": "한국어 대화를 위한 언어 모델입니다.",
    "ru": "Языковая модель для диалогов на русском языке.",
    "de": "Ein Sprachmodell für Kundendialoge auf Deutsch.",
    "fr": "Un modèle de langue pour les dialogues en français.",
    "es": "Un modelo de lenguaje para diálogos en español.",
    "pt": "Um modelo de linguagem para diálogos em português.",
    "it": "Un modello linguistico per i dialoghi in italiano, più preciso.",
    "vi": "Mô hình ngôn ngữ cho hội thoại tiếng Việt.",
    "tr": "Türkçe sohbetler için bir dil modeli.",
}


def card(sentence: str, lang: str) -> str:
    return f"# Nova\n\n{INTRO[lang]}\n\n" + sentence.format(**_REFS) + "\n"


def _cases(table: dict[str, dict[str, tuple[str, ...]]]) -> list[object]:
    return [
        pytest.param(lang, kind, sentence, id=f"{lang}-{kind}-{n}")
        for lang, kinds in table.items()
        for kind, sentences in kinds.items()
        for n, sentence in enumerate(sentences)
    ]


@pytest.mark.parametrize(("lang", "kind", "sentence"), _cases(POSITIVE))
def test_lineage_stated_in_each_language(lang: str, kind: str, sentence: str) -> None:
    assert parents(card(sentence, lang), MODEL_ID) == EXPECTED[kind]


@pytest.mark.parametrize(("lang", "kind", "sentence"), _cases(NEGATIVE))
def test_other_roles_in_each_language_are_no_parents(lang: str, kind: str, sentence: str) -> None:
    assert parents(card(sentence, lang), MODEL_ID) == {}


def test_every_language_has_every_kind() -> None:
    for lang, kinds in POSITIVE.items():
        assert set(kinds) == set(EXPECTED), lang
        assert set(NEGATIVE[lang]) == set(NEGATIVE["zh"]), lang


@pytest.mark.parametrize(
    "text",
    [
        # Written without an accent: the language's common words say which it is.
        "Das Modell basiert auf lark/Lark-7B und wurde auf Dialogen trainiert.",
        "Wir haben lark/Lark-7B mit Kundendialogen feinabgestimmt, die wir gesammelt haben.",
        "Este modelo fue destilado de lark/Lark-7B para el uso en espanol.",
        "Questo modello e stato distillato da lark/Lark-7B per il mercato italiano.",
        # Label lines stand alone.
        "Basismodell: lark/Lark-7B",
        "Modelo base: lark/Lark-7B",
    ],
)
def test_phrases_written_without_accents(text: str) -> None:
    assert list(parents(f"# Nova\n\n{text}\n", MODEL_ID)) == [PARENT]


def test_an_english_card_looks_for_no_other_languages_words() -> None:
    from importers.prose_needles import needles_in

    english = "# Nova\n\nA chat model for the help desk, fine-tuned on support tickets.\n"
    looked_for = set(needles_in(english.lower()))
    assert {"fusionamos", "destilad", "feinabgestimmt", "adattatore", "ince ayar"}.isdisjoint(
        looked_for
    )
    assert {"modell", "modelo", "adapter"} <= looked_for
