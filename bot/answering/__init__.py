"""The answer pipeline: a policy question in, a short cited reply out.

Stages (each a module): understand (:mod:`~bot.answering.question`: a typed :class:`Question`, computed once)
→ specialists (:mod:`~bot.answering.specialists`, one protocol, one explicit order) → retrieve and rerank
(:mod:`~bot.answering.rerank`, uniform rerankers listed in one place) → extract (:mod:`~bot.answering.extract`)
→ compose (:mod:`~bot.answering.compose`). The knowledge base and its index come in through
:class:`Answerer`'s constructor; the words are data (knowledge/nlu, :mod:`~bot.answering.words`); the tuned
numbers are :data:`~bot.answering.config.CONFIG`. The entry point is :class:`Answerer`.
"""

from bot.answering.answerer import Answerer
from bot.answering.citations import citation, clause_label
from bot.answering.context import AnswerContext, AnswerStatus
from bot.answering.question import Question, understand
from bot.answering.reply import Reply

__all__ = ["AnswerContext", "AnswerStatus", "Answerer", "Question", "Reply", "citation", "clause_label",
           "understand"]
