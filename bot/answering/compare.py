"""A comparison of regions: one short, cited bubble per region on the same topic."""

from __future__ import annotations

from bot.answering.citations import citation, source_line, status_warning
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.extract import focus_window
from bot.answering.places import named_scopes
from bot.answering.reply import DETAILS_BUTTON, FEEDBACK_BUTTONS, Reply, quick_replies
from bot.answering.specialists.catalog import absent_subsidy
from bot.answering.text import without_duties
from bot.answering.topics import mentions_any, topic_words
from bot.answering.words import COMPARE_WORDS
from bot.kb.search import EXPANSION_WEIGHT, normalize_query

WHICH_COMPARISON = "您想比较哪一项？比如“海口和温州的上门服务有啥不一样”“各地高龄津贴有什么区别”。"


def compare_topic(env: Env, question: str) -> list[str]:
    """The topic words of a comparison question, without the places and the comparing words."""
    return topic_words(env, COMPARE_WORDS.sub(" ", env.index._strip_places(normalize_query(question))))


def compare_reply(env: Env, question: str) -> Reply:
    """One short, cited bubble per region on the same topic; says so where a region's texts are silent."""
    if not compare_topic(env, question):
        # 海口和温州比哪个好: nothing to compare yet — which item?
        reply = Reply(slots={"last_answer": {"question": question, "status": "unanswered"}})
        reply.say(WHICH_COMPARISON)
        return reply
    scopes = named_scopes(env, question)
    scopes = scopes if len(scopes) >= 2 else [code for code, _ in quick_replies(env.kb) if code in env.kb.scopes]
    index = env.index
    topic = COMPARE_WORDS.sub(" ", index._strip_places(normalize_query(question)))
    idf = index.text_field.idf
    common = CONFIG.common_idf
    must = [w for w in topic_words(env, topic, top=4) if idf.get(w, common) >= common][:2] or topic_words(env, topic)
    # the documents' own words for the topic count too (助餐 → 助配餐)
    must += [w for w, v in index.query_terms(topic).items()
             if v == EXPANSION_WEIGHT and len(w) >= 2 and idf.get(w, 0.0) >= CONFIG.common_idf and w not in must]
    reply = Reply(slots={"last_answer": {"question": question, "clause_ids": [], "status": "answered"}})
    reply.say("各地文件的规定如下（不同文件的效力和时间不同，请留意提示）：")
    for scope in scopes:
        name = env.kb.regions[scope].name
        absent = absent_subsidy(env, question, scope)
        if absent:
            # 温州 has no 高龄补贴: not its 护理员岗位津贴 instead
            reply.say(f"{name}：收录的文件里没有写到“{absent[0]}”。")
            continue
        hits = index.search(topic, region=scope, k=5) if topic.strip() else []
        hits = [h for h in hits if env.kb.documents[h.doc_id].region == scope and h.clause_id
                and mentions_any(index.whole.get(h.clause_id) or h.text, must)]
        if not hits or hits[0].score < CONFIG.min_score:
            reply.say(f"{name}：收录的文件里没有找到相关规定。")
            continue
        hit = hits[0]
        reply.slots["last_answer"]["clause_ids"].append(hit.clause_id)
        warning = status_warning(env.kb, hit.doc_id)
        note = f"\n{warning}" if warning else ""
        window = focus_window(env, without_duties(hit.text), topic, CONFIG.compare_chars)
        reply.say(f"{name}：{window}{source_line(env.kb, hit.clause_id)}{note}",
                  citations=[citation(env.kb, hit.clause_id, hit.text)])
    reply.add_buttons([DETAILS_BUTTON, *FEEDBACK_BUTTONS])
    return reply
