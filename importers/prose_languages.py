"""Lineage phrases of languages other than English, as tables by language and kind.

Data for `importers.prose_phrases`, which makes a `Trigger` of each row. A row is
``(language, kind, needles, pattern)``; ``kind`` names the statement ("finetune",
"based", "continued", "merge", "quantized", "distilled", "adapter", "label", "teacher")
and so its relation and strength (`prose_phrases._LANGUAGE_KINDS`). Three tables, by where
the reference stands:

- `REF_AFTER`: the words come first ("version affinée de X", "Базовая модель: X"); the
  pattern ends where the reference starts. A verb's object must be written as a model
  reference (a link, `code`, a Hub URL or ORG/NAME): "nous avons fusionné les poids"
  names none.
- `REF_BEFORE`: the reference comes first (Japanese, Korean, Turkish, a German perfect
  "wir haben X … feinabgestimmt"); the pattern is what follows the reference.
- `PAIR_BEFORE`: "A と B をマージ", "A ve B modellerinin birleştirilmesi": two inputs,
  then the merge word.

Needles are lower-case words of which one occurs in every match of the row (they gate the
row and are its probes). Needles of other scripts than ASCII are only looked for in cards
with such letters (`prose_needles._script_of`); ASCII needles are few and chosen so that
English cards rarely hold them ("modell", "basiert", "modello").
"""

from __future__ import annotations

# The languages written in the Latin script (their needles wait for such a card).
_LATIN_LANGUAGES = frozenset({"de", "fr", "es", "pt", "it", "vi", "tr"})


def latin_needles(shared: frozenset[str]) -> frozenset[str]:
    """The needles of the Latin-script languages' rows, but those in ``shared`` (English
    phrases' needles too: "adapter")."""
    rows = (*REF_AFTER, *REF_BEFORE, *PAIR_BEFORE)
    return (
        frozenset(n for row in rows if row[0] in _LATIN_LANGUAGES for n in row[2].split("|"))
        - shared
        - EVERY_CARD
    )


# Label words looked for in every card: a label line often stands in a card without an
# accent ("Basismodell: X", "Modelo base: X"), and English never writes them.
EVERY_CARD = frozenset({"modell", "modelo", "modele"})


# A model reference written as such: a link, `code`, a Hub URL or an ORG/NAME id.
WRITTEN = r"(?=\[[^\]\n]{1,200}\]\(|`[^`\n]{1,200}`|https?://|[A-Za-z0-9][\w-]*/[A-Za-z0-9])"
# Articles and contractions between a preposition and the reference.
_FR_ART = r"(?:(?:le|la|les)\s+|l['’]\s*)?"
_ES_ART = r"(?:(?:el|la|los|las)\s+)?"
_PT_ART = r"(?:(?:o|a|os|as)\s+)?"
_IT_ART = r"(?:(?:il|lo|la|i|gli|le)\s+|l['’]\s*)?"
_FORMATS = r"(?:gguf|ggml|gptq|awq|exl2|mlx|onnx|openvino)"
_RU_MODEL = r"(?:модели\s+)?"
# The rest of a clause: no full stop but in a link, a number or an abbreviation ("Mrd. Tokens").
_CLAUSE = r"(?:[^.\n]|\.(?=\S|[ \t]+[a-zäöüß\d]))"

# fmt: off
REF_AFTER: tuple[tuple[str, str, str, str], ...] = (
    # -- Russian
    ("ru", "finetune", "дообучили|файнтюн",
     rf"\b(?:мы\s+)?дообучили\s+{_RU_MODEL}|\bфайнтюн(?:инг)?\s+{_RU_MODEL}"),
    ("ru", "continued", "предобучени|дообучени",
     rf"\bпродолжили\s+(?:пред|до)обучение\s+{_RU_MODEL}|\b(?:дополнительн|продолженн)\w*\s+"
     rf"(?:пред|до)обучени\w*\s+{_RU_MODEL}|\bпродолжени\w*\s+предобучения\s+{_RU_MODEL}"),
    ("ru", "merge", "слияни|мерж|объедин",
     r"\bслияни[еяюм]+\s+(?:моделей\s+)?|\bмерж\s+(?:моделей\s+)?|\bобъединили\s+(?:модели\s+)?"),
    ("ru", "quantized", "верси|сконверт",
     rf"\b{_FORMATS}[-\s]?верси[яи]\s+{_RU_MODEL}"),
    ("ru", "distilled", "дистилл|учител",
     rf"\bдистиллирован\w*\s+(?:из|с)\s+{_RU_MODEL}|\bв\s+качестве\s+модели[-\s]учителя\s+"
     r"(?:использовал\w*|выступа\w*|взята)\s+|\bмодель[-\s]учитель\s*[:：—–-]\s*"),
    ("ru", "adapter", "адаптер",
     rf"\b(?:q?lora[-\s])?адаптер\w*\s+(?:для|к)\s+{_RU_MODEL}|\bадаптер\w*,?\s+обученн\w*\s+"
     rf"(?:поверх|на\s+основе|для)\s+{_RU_MODEL}"),
    ("ru", "label", "модель",
     r"\b(?:базовая|исходная|оригинальная|родительская)\s+модель\s*(?:[:：|]\s*)+"),
    # -- German
    ("de", "finetune", "finetune von|fine-tune von|feintuning von",
     r"\b(?:finetune|fine-tune|feintuning)\s+von\s+"),
    ("de", "based", "auf basis|auf der|auf grundlage",
     r"\bauf\s+(?:der\s+)?(?:basis|grundlage)\s+(?:von|des)\s+"),
    ("de", "continued", "weiteres|fortgesetztes|zusätzliches|zusatzliches",
     r"\b(?:weiteres|fortgesetztes|zus[äa]tzliches)\s+(?:vortraining|pre-?training)\s+(?:von|des)\s+"),
    ("de", "merge", "merge aus|merge von|zusammenf",
     r"\bmerge\s+(?:aus|von)\s+|\bzusammenf[üu]hrung\s+(?:aus|von)\s+"),
    ("de", "merge", "zusammengef|gemergt|verschmolzen",
     rf"\bwir\s+haben\s+(?={WRITTEN}{_CLAUSE}{{0,300}}?\b(?:zusammengef[üu]hrt|gemergt|verschmolzen)\b)"),
    ("de", "quantized", "quantisierte|dateien|gewichte|gguf-version|awq-version|gptq-version|mlx-version",
     r"\bquantisierte\s+(?:version|variante)\s+(?:von|des)\s+|"
     rf"\b(?:{_FORMATS}-?(?:dateien|gewichte)|(?:gguf|awq|gptq|mlx)-version)\s+(?:f[üu]r|von|des)\s+"),
    ("de", "finetune", "feinabgestimmt|getunt|nachtrainiert",
     rf"\bwir\s+haben\s+(?={WRITTEN}{_CLAUSE}{{0,120}}?\b(?:feinabgestimmt|feingetunt|fine-?getunt|"
     r"nachtrainiert)\b)"),
    ("de", "continued", "vortrainiert",
     rf"\bwir\s+haben\s+(?={WRITTEN}{_CLAUSE}{{0,120}}?\bweiter\s*vortrainiert\b)"),
    ("de", "distilled", "destilliert",
     rf"\b(?:aus|von)\s+(?={WRITTEN}\S+\s+destilliert\b)"),
    ("de", "distilled", "lehrer",
     r"\bals\s+lehrer(?:modell)?\s+(?:diente|dient|wurde|wird)\s+|\blehrermodell\s*(?:[:：|]\s*)+"),
    ("de", "adapter", "adapter",
     r"\badapter,?\s+(?:f[üu]r|trainiert\s+auf)\s+"),
    ("de", "label", "modell",
     r"\b(?:basis-?modell|ausgangsmodell|grundmodell|originalmodell|urspr[üu]ngliches\s+modell)"
     r"\s*(?:[:：|]\s*)+"),
    # -- French
    ("fr", "finetune", "partir|avons|tuné",
     rf"\b(?:fine-?tun[ée]e?s?|affin[ée]e?s?|ajust[ée]e?s?)\s+à\s+partir\s+"
     rf"(?:de|du|d['’])\s*{_FR_ART}|\bversion\s+fine-?tun[ée]e\s+(?:de|du)\s+{_FR_ART}|"
     rf"\bnous\s+avons\s+(?:fine-?tun[ée]|affin[ée]|ajust[ée])\s+{_FR_ART}(?={WRITTEN})"),
    ("fr", "continued", "entraînement|entrainement",
     r"\bpr[ée]-?entra[îi]nement\s+(?:continu|prolong[ée])\s+(?:de|du|d['’])\s*|"
     rf"\b(?:poursuivi|continu[ée])\s+(?:le\s+pr[ée]-?|l['’])entra[îi]nement\s+(?:de|du|d['’])\s*{_FR_ART}"),
    ("fr", "merge", "fusion|merge de|merge des|merge d|merge entre",
     r"\bfusion\s+(?:de|des|d['’]|entre)\s*|\bmerge\s+(?:de|des|d['’]|entre)\s*|"
     rf"\b(?:nous\s+avons\s+)?fusionn[ée]\s+{_FR_ART}(?={WRITTEN})"),
    ("fr", "quantized", "quantis|fichiers|converti",
     rf"\bversion\s+quantis[ée]e\s+(?:de|du)\s+|\bfichiers\s+{_FORMATS}\s+(?:pour|de|du)\s+"),
    ("fr", "distilled", "distillé",
     r"\bdistill[ée]e?s?\s+(?:à\s+partir\s+)?(?:de|du|d['’])\s*"),
    ("fr", "teacher", "enseignant|professeur",
     r"\bmod[èe]le\s+(?:enseignant|professeur)\s*(?:[:：|]\s*)+"),
    ("fr", "adapter", "adaptateur",
     r"\badaptateur(?:\s+q?lora)?,?\s+(?:pour|de|du|entra[îi]n[ée]\s+sur)\s+"),
    ("fr", "label", "modèle|modele",
     r"\bmod[èe]le\s+(?:de\s+base|d['’]origine|original|source|parent)\s*(?:[:：|]\s*)+"),
    # -- Spanish
    ("es", "finetune", "ajustad|afinad|tunead|entrenad|hemos|afinamos|ajustamos",
     rf"\b(?:ajustad|afinad|fine-?tunead|entrenad)[oa]s?\s+a\s+partir\s+del?\s+{_ES_ART}|"
     rf"\b(?:hemos\s+(?:afinado|ajustado|fine-?tuneado)|afinamos|ajustamos)\s+{_ES_ART}(?={WRITTEN})"),
    ("es", "continued", "entrenamiento",
     r"\bpre-?entrenamiento\s+(?:continuo|continuado)\s+del?\s+|"
     rf"\bcontinuamos\s+(?:con\s+)?el\s+pre-?entrenamiento\s+del?\s+{_ES_ART}"),
    ("es", "merge", "fusión|fusionamos|fusionado|merge de|merge entre",
     rf"\bfusión\s+(?:de|entre)\s+|\bmerge\s+(?:de|entre)\s+|"
     rf"\b(?:fusionamos|hemos\s+fusionado)\s+{_ES_ART}(?={WRITTEN})"),
    ("es", "quantized", "archivos|versión",
     rf"\barchivos\s+{_FORMATS}\s+(?:para|de)\s+|\bversión\s+{_FORMATS}\s+del?\s+"),
    ("es", "distilled", "destilad",
     rf"\bdestilad[oa]s?\s+(?:a\s+partir\s+)?del?\s+{_ES_ART}"),
    ("es", "teacher", "maestro|profesor",
     r"\bmodelo\s+(?:maestro|profesor)\s*(?:[:：|]\s*)+"),
    ("es", "adapter", "adaptador",
     rf"\badaptador(?:\s+q?lora)?,?\s+(?:para|de|entrenado\s+(?:sobre|en|con))\s+{_ES_ART}"),
    ("es", "label", "modelo",
     r"\bmodelo\s+(?:original|base|de\s+base|padre|fuente|de\s+origen)\s*(?:[:：|]\s*)+"),
    # -- Portuguese
    ("pt", "finetune", "ajustad|afinad|treinad|fizemos",
     r"\b(?:ajustad|afinad|treinad)[oa]s?\s+a\s+partir\s+d[oae]s?\s+|"
     r"\bfizemos\s+o\s+(?:fine-?tuning|ajuste(?:\s+fino)?)\s+d[oae]s?\s+"),
    ("pt", "based", "basead",
     r"\bbasead[oa]s?\s+n[oa]s?\s+"),
    ("pt", "continued", "treinamento|treino",
     r"\bpr[ée]-?(?:treinamento|treino)\s+cont[íi]nuo\s+d[oae]s?\s+|"
     r"\bcontinuamos\s+o\s+pr[ée]-?(?:treinamento|treino)\s+d[oae]s?\s+"),
    ("pt", "merge", "fusão|fusao|merge d|merge entre|mesclamos",
     rf"\bfus[ãa]o\s+(?:d[oae]s?|entre)\s+|\bmerge\s+(?:d[oae]s?|entre)\s+|"
     rf"\bmesclamos\s+{_PT_ART}(?={WRITTEN})"),
    ("pt", "quantized", "arquivos|versão|versao",
     rf"\barquivos\s+{_FORMATS}\s+(?:para|d[oae]s?)\s+{_PT_ART}|\bvers[ãa]o\s+{_FORMATS}\s+d[oae]s?\s+"),
    ("pt", "distilled", "destilad",
     r"\bdestilad[oa]s?\s+(?:a\s+partir\s+)?d[oae]s?\s+"),
    ("pt", "teacher", "professor",
     r"\bmodelo\s+professor\s*(?:[:：|]\s*)+"),
    ("pt", "adapter", "adaptador",
     rf"\badaptador(?:\s+q?lora)?,?\s+(?:para|d[oae]s?|treinado\s+(?:sobre|em|n[oa]s?|com))\s+{_PT_ART}"),
    # -- Italian
    ("it", "finetune", "versione|fatto|eseguito|effettuato|ottimizzat|affinat|addestrat",
     r"\bversione\s+(?:fine-?tuned|affinata|ottimizzata|addestrata|perfezionata)\s+d(?:i|el|ello|ella)\s+|"
     r"\b(?:fatto|eseguito|effettuato)\s+(?:il\s+)?fine-?tuning\s+d(?:i|el|ello|ella)\s+|"
     r"\b(?:ottimizzat|affinat|addestrat)[oa]\s+a\s+partire\s+da(?:l|llo|lla)?\s+"),
    ("it", "based", "basat|costruit",
     r"\b(?:basat|costruit)[oaie]\s+su(?:l|llo|lla|i|gli|lle)?\s+"),
    ("it", "continued", "addestramento",
     r"\bpre-?addestramento\s+continu[oa]\s+d(?:i|el|ello|ella)\s+|"
     r"\b(?:proseguito|continuato)\s+(?:il\s+)?pre-?addestramento\s+d(?:i|el|ello|ella)\s+"),
    ("it", "merge", "fusione|merge di|merge tra|merge fra|abbiamo",
     rf"\bfusione\s+(?:di|tra|fra)\s+|\bmerge\s+(?:di|tra|fra)\s+|"
     rf"\babbiamo\s+(?:unito|fuso)\s+{_IT_ART}(?={WRITTEN})"),
    ("it", "quantized", "quantizzat|gguf per|ggml per|gptq per|awq per|exl2 per|mlx per|onnx per|openvino per",
     rf"\bversione\s+quantizzata\s+d(?:i|el|ello|ella)\s+|\bfile\s+{_FORMATS}\s+(?:per|di)\s+"),
    ("it", "distilled", "distillat",
     r"\bdistillat[oa]\s+(?:a\s+partire\s+)?da(?:l|llo|lla)?\s+"),
    ("it", "teacher", "insegnante|docente|maestro",
     r"\bmodello\s+(?:insegnante|docente|maestro)\s*(?:[:：|]\s*)+"),
    ("it", "adapter", "adattatore|adapter",
     r"\b(?:adattatore|adapter)(?:\s+q?lora)?,?\s+(?:per|di|addestrato\s+su)\s+"),
    ("it", "label", "modell",
     r"\bmodello\s+(?:base|di\s+base|originale|di\s+partenza|padre)\s*(?:[:：|]\s*)+"),
    # -- Vietnamese
    ("vi", "finetune", "tinh|đã",
     r"\bphiên\s+bản\s+(?:được\s+)?(?:tinh\s+chỉnh|fine-?tuned?)\s+(?:của|từ)\s+|"
     r"\b(?:được\s+)?tinh\s+chỉnh\s+(?:lại\s+)?từ\s+|"
     rf"\bđã\s+(?:fine-?tune|tinh\s+chỉnh)\s+(?:mô\s+hình\s+)?(?={WRITTEN})"),
    ("vi", "based", "dựa",
     r"\bdựa\s+(?:trên|vào)\s+(?:mô\s+hình\s+)?"),
    ("vi", "continued", "tiếp",
     r"\btiếp\s+tục\s+(?:tiền\s+huấn\s+luyện|huấn\s+luyện|pre-?train(?:ing)?)\s+(?:mô\s+hình\s+)?|"
     r"\bhuấn\s+luyện\s+tiếp\s+(?:từ|của)\s+"),
    ("vi", "merge", "hợp|merge từ|merge của",
     r"\bhợp\s+nhất\s+(?:của\s+)?|\bmerge\s+(?:từ|của)\s+"),
    ("vi", "merge", "đã",
     rf"\bđã\s+merge\s+(?={WRITTEN})"),
    ("vi", "quantized", "lượng|tệp",
     rf"\bphiên\s+bản\s+(?:lượng\s+tử\s+hóa|lượng\s+tử\s+hoá|{_FORMATS})\s+(?:của|cho)\s+|"
     rf"\b(?:các\s+)?tệp\s+{_FORMATS}\s+(?:cho|của)\s+"),
    ("vi", "distilled", "chưng",
     r"\bchưng\s+cất\s+từ\s+"),
    ("vi", "teacher", "giáo|thầy",
     r"\bmô\s+hình\s+(?:giáo\s+viên|thầy)\s*(?:[:：|]\s*)+"),
    ("vi", "adapter", "điều|adapter cho",
     r"\b(?:bộ\s+điều\s+hợp|adapter)\s+(?:q?lora\s+)?cho\s+|\bq?lora\s+adapter\s+cho\s+"),
    ("vi", "label", "hình",
     r"\bmô\s+hình\s+(?:gốc|cơ\s+sở|nền(?:\s+tảng)?|ban\s+đầu)\s*(?:[:：|]\s*)+"),
    # -- Turkish
    ("tr", "teacher", "öğretmen",
     r"\böğretmen\s+modeli?\s*(?:[:：|]\s*)+"),
    ("tr", "label", "temel model|ana model|orijinal model|baz model|kaynak model",
     r"\b(?:temel|ana|orijinal|baz|kaynak)\s+modeli?\s*(?:[:：|]\s*)+"),
    # -- Chinese, Japanese, Korean (the words before the reference)
    ("zh", "label", "原始模型|原模型|母模型",
     r"(?:原始模型|原模型|母模型)[ \t]*(?:[:：|][ \t]*)+"),
    ("zh", "teacher", "教师模型",
     r"教师模型[ \t]*(?:[:：|][ \t]*)+"),
    ("ja", "label", "オリジナルモデル|元のモデル",
     r"(?:オリジナルモデル|元のモデル)[ \t]*(?:[:：|][ \t]*)+"),
    ("ja", "teacher", "教師モデル",
     r"教師モデル[ \t]*(?:[:：|][ \t]*)+"),
    ("ko", "label", "모델",
     r"(?:기본|원본|원래)\s*모델[ \t]*(?:[:：|][ \t]*)+"),
    ("ko", "teacher", "교사",
     r"교사\s*모델[ \t]*(?:[:：|][ \t]*)+"),
)

# The words after the reference (the reference itself is put before them).
REF_BEFORE: tuple[tuple[str, str, str, str], ...] = (
    ("ru", "quantized", "сконверт|конверт|преобразован",
     r",?\s+(?:с|пере)?(?:конвертированн|преобразованн)\w*\s+в\s+"),
    ("de", "quantized", "konvertiert",
     r",?\s+(?:ins|in\s+das|nach)\s+[\w.-]+(?:-format)?\s+konvertiert\b"),
    ("fr", "quantized", "converti",
     rf",?\s+converti[e]?s?\s+(?:au|en|vers\s+le)\s+(?:format\s+)?{_FORMATS}\b"),
    ("es", "quantized", "convertid",
     rf",?\s+convertid[oa]s?\s+(?:a|al)\s+(?:formato\s+)?{_FORMATS}\b"),
    ("pt", "quantized", "convertid",
     rf",?\s+convertid[oa]s?\s+(?:para|em)\s+(?:o\s+)?(?:formato\s+)?{_FORMATS}\b"),
    ("it", "quantized", "convertit",
     rf",?\s+convertit[oa]\s+(?:in|nel)\s+(?:formato\s+)?{_FORMATS}\b"),
    ("vi", "quantized", "chuyển",
     rf"\s+(?:được\s+)?chuyển\s+đổi\s+sang\s+(?:định\s+dạng\s+)?{_FORMATS}\b"),
    # Turkish: the reference takes a suffix ("X'in", "X modelinin") before the verb.
    ("tr", "finetune", "ince ayar|fine-tune edil|finetune edil",
     r"\s+(?:modelinin|modeli|modelini|üzerinde|üzerine)\b[^.\n]{0,60}?\b(?:ince\s+ayar|fine-?tune\s+edil)"),
    ("tr", "based", "tabanl|temel|bazl|inşa",
     r"\s+(?:modeli\s+)?(?:tabanlı|bazlı|temel\s+alınarak|esas\s+alınarak|üzerine\s+inşa)"),
    ("tr", "continued", "eğitim",
     r"\s+(?:modelinin|modeli|üzerinde)\b[^.\n]{0,60}?\b(?:ön\s+eğitime\s+devam|sürekli\s+ön\s+eğitim"
     r"|ek\s+ön\s+eğitim)"),
    ("tr", "quantized", "dönüştürül|kuantize|nicelleştiril",
     rf"\s+modelinin\s+(?:{_FORMATS}\s+formatına\s+dönüştürülmüş|kuantize\s+edilmiş|"
     r"nicelleştirilmiş)"),
    ("tr", "distilled", "damıtıl",
     r"\s+modelinden\s+damıtıl"),
    ("tr", "adapter", "adaptör",
     r"\s+(?:için|üzerine\s+eğitilmiş)\s+(?:bir\s+)?(?:q?lora\s+)?adaptör"),
    ("zh", "finetune", "微调|精调",
     r"\s*的\s*(?:指令|全参数|全量|q?lora\s*)?(?:微调|精调)(?:版本|版|模型|后的模型)"),
    # "在[X](…)模型的基础上，使用…训练": "model" between the name and "on the basis of" (the
    # phrase "在 X 的基础上" is read by `prose_phrases`); not "X 的基础模型" (X's base model).
    ("zh", "based", "基础上",
     r"\s*+(?:预训练|基础|基座|开源)?\s*+模型\s*+的\s*+基础上"),
    ("zh", "continued", "预训练|训练",
     r"\s*+(?:的)?\s*+(?:的基础上|之上|上)?\s*+(?:经过|进行|做)?\s*+(?:了)?\s*+(?:继续|增量|二次|持续|进一步|再)"
     r"(?:预训练|训练)"),
    ("zh", "quantized", "转换|转化",
     rf"\s*(?:转换|转化)(?:为|成)\s*{_FORMATS}"),
    ("zh", "distilled", "教师|老师",
     r"\s*(?:作)?为\s*(?:教师|老师)(?:模型)?"),
    ("zh", "adapter", "适配器",
     r"\s*+(?:的)?\s*+(?:q?lora\s*+)?适配器"),
    ("ja", "finetune", "ファイン|微調整",
     r"\s*(?:を|に)[^。\n]{0,30}?(?:ファインチューニング|ファインチューン|微調整)"),
    ("ja", "continued", "学習",
     r"\s*(?:を|に対して|に|から)[^。\n]{0,40}?(?:継続事前学習|継続学習|追加事前学習)"),
    ("ja", "distilled", "蒸留|教師",
     r"\s*(?:から|より)\s*(?:知識)?蒸留|\s*を\s*教師(?:モデル)?(?:として|に)"),
    ("ja", "adapter", "アダプ",
     r"\s*(?:用|向け|に対する|のための)\s*の?\s*(?:q?lora\s*)?アダプ"),
    ("ko", "finetune", "파인|미세",
     r"\s*+(?:을|를|에)?\s*+(?:기반으로\s*+)?[^.\n]{0,30}?(?:파인\s*+튜닝|미세\s*+조정)"),
    ("ko", "based", "기반",
     r"\s*(?:을|를)?\s*기반(?:으로|의|입니다)"),
    ("ko", "continued", "학습",
     r"\s*+(?:을|를|에|에서)?\s*+[^.\n]{0,40}?(?:추가|계속|지속)\s*+사전\s*+학습"),
    ("ko", "quantized", "변환|양자화",
     r"\s*(?:의|을|를)\s*[^.\n]{0,30}?(?:변환|양자화)"),
    ("ko", "distilled", "증류|교사",
     r"\s*(?:에서|으로부터|로부터)\s*(?:지식\s*)?증류|\s*(?:을|를)\s*교사\s*모델로"),
    ("ko", "adapter", "어댑터",
     r"\s*(?:용|에\s*대한|을\s*위한|를\s*위한)\s*(?:q?lora\s*)?어댑터"),
)

# Two inputs, then the merge word: "A と B をマージ", "A 和 B 的合并模型".
PAIR_BEFORE: tuple[tuple[str, str, str, str, str], ...] = (
    ("zh", "merge", "合并|融合",
     r"\s*+(?:和|与|及|以及|、|跟)\s*+", r"\s*+(?:的)?\s*+(?:进行了?\s*+)?(?:模型)?(?:合并|融合)"),
    ("ja", "merge", "マージ|統合|融合",
     r"\s*+(?:と|に|、)\s*+", r"\s*+(?:を|の)?\s*+(?:マージ|統合|融合)"),
    ("ko", "merge", "병합|머지",
     r"\s*+(?:와|과|에|및|,)\s*+", r"\s*+(?:를|을|의)?\s*+(?:병합|머지)"),
    ("tr", "merge", "birleş",
     r"\s+(?:ve|ile)\s+", r"\s+(?:modellerinin\s+|modellerini\s+)?birleş"),
)
# fmt: on
