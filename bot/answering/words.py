"""The answering vocabulary, read once from knowledge/nlu/*.yaml (see :mod:`bot.kb.vocabulary`).

Names here are what the pipeline's modules match questions and passages with; the words themselves are
data, documented where they are written.
"""

from __future__ import annotations

import re

from bot.kb.vocabulary import QuestionKind, vocabulary

VOCAB = vocabulary()

# ------------------------------------------------------------------ question kinds (question_kinds.yaml)
KINDS: dict[str, QuestionKind] = VOCAB.kinds
# The kinds a question is tested for, in registry order (subsidy and cost only judge a passage); `apply` is
# completed with the contact list's platforms where it is detected (bot.answering.kinds.apply_kind).
ANSWER_KINDS = VOCAB.detected_kinds()
DEPARTMENT_KIND = KINDS["department"]
SUBSIDY_KIND = KINDS["subsidy"]
COST_KIND = KINDS["cost"]
# Yes/no questions about money that only judge the passage found (cash, subsidy, cost), in registry order.
YES_NO_MONEY_KINDS = tuple(k for k in KINDS.values() if k.judges_only and k.question is not None)
PRACTICAL_KINDS = frozenset(k.name for k in KINDS.values() if k.practical)
SELF_CONTAINED_KINDS = frozenset(k.name for k in KINDS.values() if k.self_contained)
OTHER_WORDING: dict[str, re.Pattern[str]] = {k.name: k.other_wording for k in KINDS.values() if k.other_wording}
# Answer-type markers whose value is worth centring the answer window on.
FOCUS_CUES = tuple(c.marker for c in VOCAB.search_cues if c.focus)
# 多少/几 with no measure word: any number, used only when the question asks for no particular kind.
GENERIC_NUMBER_CUE = KINDS["number"].search.marker if KINDS["number"].search else ""

# A verb softened by "a little" (学点, 买些, 看下): a made-up two-character word ending so is no topic.
SOFTENED_ENDINGS = tuple(VOCAB.search_words("softened_endings"))

# ------------------------------------------------------------------ question forms (question_forms.yaml)
DEFINITION_FORM = VOCAB.form("definition")
GLOSSARY_QUESTION = VOCAB.form("glossary_question")
DEFINITION_AFTER = VOCAB.form("definition_after")
INCLUSION_AFTER = VOCAB.form("inclusion_after")
DEFINITION_BEFORE = VOCAB.form("definition_before")
DEFINITION_GAP = VOCAB.form("definition_gap")
PHRASE_END = VOCAB.form("definition_phrase_end")
NOT_DEFINITION = VOCAB.form("not_definition")
DOC_FACT_QUESTION = VOCAB.form("doc_fact")
RULE_EXISTS = VOCAB.form("rule_exists")
DOC_AUTHOR_QUESTION = VOCAB.form("doc_author")
DOC_PERIOD_QUESTION = VOCAB.form("doc_period")
WHICH_DOCUMENT_QUESTION = VOCAB.form("which_document")
DOC_CONTENT_QUESTION = VOCAB.form("doc_content")
DOC_SERIAL = VOCAB.form("doc_serial")
ARTICLE_QUESTION = VOCAB.form("article")
BASIS_QUESTION = VOCAB.form("basis")
LIST_QUESTION = VOCAB.form("list")
PARTS_QUESTION = VOCAB.form("parts")
GROUP_FORM = VOCAB.form("group_benefits")
MONEY_FORM = VOCAB.form("money_benefits")
CONTENT_QUESTION = VOCAB.form("benefit_content")
EXISTS_QUESTION = VOCAB.form("benefit_exists")
HAS_THING = VOCAB.form("has_thing")
ELIGIBILITY_QUESTION = VOCAB.form("eligibility")
WHO = VOCAB.form("who_holds")
BODY = VOCAB.form("body")
COMPARE_WORDS = VOCAB.form("compare")
EXPLICIT_COMPARE = VOCAB.form("explicit_compare")
MODEL_PLACE_AFTER = VOCAB.form("model_place_after")
DIFFERENCE = VOCAB.form("difference")
ACROSS_PLACES = VOCAB.form("across_places")
ELLIPSIS = VOCAB.form("ellipsis")
ELLIPTICAL_EXTRAS = VOCAB.form("elliptical_extras")
ASKS = VOCAB.form("asks_something")
VAGUE_NUMBER = VOCAB.form("vague_number")
QUESTION_FORM = VOCAB.form("question_word")
QUOTED_TITLE = VOCAB.form("quoted_title")
AGENT_FRAMING = VOCAB.form("agent_framing")
YEAR_ASKED = VOCAB.form("year_asked")
COMPLAINT = VOCAB.form("complaint")

# ------------------------------------------------------------------ passage wording (passage_wording.yaml)
RESPONSIBILITY_NOTE = VOCAB.wording("responsibility_note")
DEADLINE = VOCAB.wording("deadline")
APPLY_VERB = VOCAB.wording("apply_verb")
PAST_RECORD = VOCAB.wording("past_record")
AUTHORSHIP = VOCAB.wording("authorship")
FINE = VOCAB.wording_text("fine")
LIST_SENTENCE = VOCAB.wording("list_sentence")
ROW_UNIT = VOCAB.wording("row_unit")
SECTION_LABEL = VOCAB.wording("section_label")
MONEY_BENEFIT = VOCAB.wording("money_benefit")
BASIS_SENTENCE = VOCAB.wording("basis_sentence")
CITED = VOCAB.wording("cited_document")
SHORT_NAME_NOTE = VOCAB.wording("short_name_note")
DOC_NUMBER_SERIAL = VOCAB.wording_text("doc_number_serial")
LEVELS = VOCAB.levels
LABELS = VOCAB.labels
BOX_LABEL = VOCAB.wording("box_label")
PART_NOUNS = VOCAB.part_nouns
NUMERAL = re.compile(VOCAB.window("numeral"))
BLANK_DATE = re.compile(VOCAB.window("blank_date"))
REFERRING_STARTS = tuple(VOCAB.window("referring_start"))
DECISIVE_CONDITIONS = tuple(VOCAB.window("decisive_condition"))
CLAUSE_CONDITIONS = tuple(VOCAB.window("clause_condition"))
DEFINED_TERM = re.compile(VOCAB.window("defined_term"))
ROW_NUMBER_COLUMNS = frozenset(VOCAB.column("row_number"))
UNIT_COLUMN = str(VOCAB.column("unit"))
ROLE_COLUMN = str(VOCAB.column("role"))
NAME_COLUMN = str(VOCAB.column("name"))

# ------------------------------------------------------------------ dialogue words (dialogue_words.yaml)
FOLLOW_UP_WORDS = frozenset(VOCAB.dialogue("follow_up"))
MEASURE_WORDS = frozenset(VOCAB.dialogue("form"))
PLACE_ONLY_FILLERS = str(VOCAB.dialogue("place_only_fillers"))

# ------------------------------------------------------------------ people and cases (people_groups.yaml)
OTHER_PEOPLE = VOCAB.people("other_people")
DEGREES = VOCAB.case("degrees")
SETTINGS = (VOCAB.case("town"), VOCAB.case("country"))
# Cases of which a follow-up names one instead of the one asked before.
ALTERNATIVES = (DEGREES, VOCAB.case("town_or_country"))
COMMON_GROUP_WORDS = frozenset(VOCAB.group_words("common_group_words"))
ELDER_IN_DOCUMENTS = str(VOCAB.group_words("elder_words")["documents"])
ELDER_IN_QUESTIONS = str(VOCAB.group_words("elder_words")["users"])
