"""Rasa action server package: one action, ``action_respond`` (actions/respond.py), for every user turn; what
it says comes from bot.conversation, which holds no policy facts (those live in knowledge/)."""

from bot.conversation.services import default_services
from bot.kb.search import get_index
from bot.rules import load_catalog

# rasa-sdk has no start-up hook: build the search index, the rules catalog, the vocabulary and the profile
# reader while the server starts (a few seconds), not during the first user's question.
get_index().segmenter.tag("养老")  # also reads jieba's part-of-speech table (unnamed-word check)
load_catalog()
default_services().reader.read("我妈82岁")
