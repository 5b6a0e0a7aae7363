"""The bot's side of a handoff to a person, with no Rasa in it: record the request, queue it for a live agent
when one is online on a channel agents can answer, and say so to the citizen.

    receipt = request_handoff(sender, channel, reason, transcript, facts)
    reply = handoff_reply(receipt)      # queued with place; or nobody online → 12345 at once, with the number

The action server calls this; the agents' console (bot/agent, /agent) reads the same database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot import store
from bot.agent import accounts, handoffs
from bot.agent.config import load_config
from bot.dialogue.messages import Reply
from bot.settings import load_settings

# Channels whose replies an agent can deliver: the web widget reads the tracker (history, updates); WeChat
# gets them as customer-service messages when the account's AppID and secret are set.
LIVE_CHANNELS = frozenset({"web"})


def live_channels() -> frozenset[str]:
    settings = load_settings()
    return LIVE_CHANNELS | ({"wechat"} if settings.wechat_appid and settings.wechat_secret else frozenset())

QUEUED_TEXT = ("好的，为您转人工。您现在排在第{position}位，工作人员接入后会在这里回复您，请稍候；"
               "这期间您也可以继续问我。您的编号是{number}，着急的话也可以拨打12345政务服务便民热线，报上编号。")
ALREADY_TEXT = "您已经在排队了，现在排在第{position}位，请稍候。您的编号是{number}。"
CLAIMED_TEXT = "工作人员正在和您对话，请直接说您的问题。您的编号是{number}。"
OFFLINE_TEXT = ("好的，为您转人工。现在没有工作人员在线{hours}。请直接拨打12345政务服务便民热线，"
                "报上编号{number}，您刚才说的情况已经记录，工作人员能看到，不用从头再说。")
NOT_LIVE_TEXT = ("好的，为您转人工。这里暂时不能直接转给工作人员，请拨打12345政务服务便民热线，报上编号{number}，"
                 "您刚才说的情况已经记录，工作人员能看到，不用从头再说。")
HOURS_TEXT = "（在线人工服务时间：{hours}）"


@dataclass(frozen=True)
class Receipt:
    number: int  # the handoff's number (编号), which a 12345 agent can look up
    queued: bool  # joined the live queue
    position: int  # place in the queue (1 = next), 0 when not waiting
    agents_online: int
    repeated: bool = False  # the sender was already queued or talking to an agent
    claimed: bool = False
    live_channel: bool = True  # False: the citizen's channel cannot carry an agent's replies yet


def request_handoff(sender: str, channel: str, reason: str, transcript: list[dict[str, str]],
                    facts: dict[str, Any], url: str | None = None) -> Receipt:
    existing = handoffs.open_for_sender(sender, url)
    # (already waiting or talking to an agent: the same number and place; still waiting when everyone has
    # gone: a new record with the way to 12345)
    online = len(accounts.agents_online(load_config(), url))
    if existing is not None and (online or handoffs.position(existing, url) == 0):
        where = handoffs.position(existing, url)
        return Receipt(existing, True, where, online, repeated=True, claimed=where == 0)
    number = store.record_handoff(sender, channel, reason, transcript, facts, url=url)
    if channel in live_channels() and online:
        handoffs.enqueue(number, url)
        return Receipt(number, True, handoffs.position(number, url), online)
    return Receipt(number, False, 0, online, live_channel=channel in live_channels())


def handoff_text(receipt: Receipt) -> str:
    if receipt.claimed:
        return CLAIMED_TEXT.format(number=receipt.number)
    if receipt.queued:
        template = ALREADY_TEXT if receipt.repeated else QUEUED_TEXT
        return template.format(position=receipt.position, number=receipt.number)
    if not receipt.live_channel:
        return NOT_LIVE_TEXT.format(number=receipt.number)
    hours = load_config().service_hours
    return OFFLINE_TEXT.format(number=receipt.number, hours=HOURS_TEXT.format(hours=hours) if hours else "")


def handoff_reply(receipt: Receipt) -> Reply:
    reply = Reply()
    reply.say(handoff_text(receipt))
    return reply
