"""Rasa action server package: one module per concern; policy facts live in knowledge/."""

from bot.kb.search import get_index
from bot.rules import load_catalog

# rasa-sdk has no start-up hook: build the search index and the rules catalog while the server
# starts (a few seconds), not during the first user's question.
get_index().segmenter.tag("养老")  # also reads jieba's part-of-speech table (unnamed-word check)
load_catalog()
