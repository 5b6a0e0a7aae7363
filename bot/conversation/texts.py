"""What the conversation layer says in its own words (every policy fact comes from the answering layer or the
rules engine, with its source). Short sentences for elders; 12345 wherever someone may be stuck."""

from __future__ import annotations

GREET = ("您好！我是养老政策助手，可以解答海口、海南其他市县、温州、昌吉的居家养老政策，帮您查查老人能享受哪些待遇。"
         "需要人工服务，请拨打12345。")
GREET_BUTTONS = [{"title": "查查能享受什么", "payload": "帮我查查老人能享受什么待遇"},
                 {"title": "问政策", "payload": "老人有哪些养老服务项目"},
                 {"title": "转人工", "payload": "/human_handoff"}]
GOODBYE = "好的，再见！有问题随时来问，也可以拨打12345。"
THANK = "不客气！还有别的想问的吗？"
BOT_CHALLENGE = "我是养老政策助手，一个自动问答程序，不是真人。需要人工服务，请拨打12345。"
WRITER_OUTSIDE = ("您提到的“{place}”不在收录的政策范围内（收录的文件只有{covered}的），"
                  "那里的政策请问当地民政局或拨打12345。如果老人在收录的地方，我接着帮您查。")
# 他住昌吉: the city, or the prefecture around it? ({place}: the name said; {city}: the covered place; {others}: the
# wider area's other places)
UNSURE_PLACE = ("您说的“{place}”是{city}，还是{others}等{place}的其他县市？收录的文件只有{city}的。"
                "是{city}请点“{place}”，其他县市请点“其他地方”。")
OUT_OF_SCOPE = "这个问题我答不了。我只解答海口、海南其他市县、温州、昌吉的居家养老政策。其他问题请拨打12345咨询。"
REPHRASE = "抱歉，我还是没弄明白。能换个说法再说一遍吗？比如“海口65岁老人有免费体检吗”。"
EMPTY = "您好像没有输入内容。可以直接打字或说话问我，比如“海口65岁老人有免费体检吗”。"
THANKS_FOR_NOTHING = "谢谢您！有什么想问的，直接打字或说话问我就行。"
PROMPT = "您想了解什么？可以直接问政策，也可以让我帮您查查老人能享受哪些待遇；找人工请拨打12345。"
NOTED = "好的，记住了：{place}。您可以直接问政策，也可以让我帮您查查老人能享受什么。"
CHECK_BUTTON = {"title": "查查能享受什么", "payload": "帮我查查老人能享受什么待遇"}
CHECK_FOR_ELDER_BUTTON = {"title": "帮老人查查能享受什么", "payload": "帮我查查老人能享受什么待遇"}
HUMAN_BUTTON = {"title": "转人工", "payload": "/human_handoff"}
# every button that starts the check (the answering layer's own among them): not offered again in the check
CHECK_BUTTONS = (CHECK_BUTTON, CHECK_FOR_ELDER_BUTTON,
                 {"title": "帮我查查老人能享受什么", "payload": "帮我查查老人能享受什么待遇"})
WHICH_TOPIC = "您想问哪一项？比如高龄津贴、护理补贴、上门服务，请连同地方一起说，例如“温州上门服务在哪申请”。"
TOPIC_BUTTONS = [CHECK_BUTTON, HUMAN_BUTTON]
# the elder lives outside the covered places and asks about a covered place's rule (我爸在台州，温州那种服务台州有吗)
ELDER_OUTSIDE = ("您说的“{place}”不在我收录的文件范围内，那里的做法我不能替您回答，请拨打12345政务服务便民热线"
                 "或咨询当地民政局。下面是{covered}的规定，只适用于{covered}，仅供参考：")
NOTHING_TO_CANCEL = "好的。还有别的问题可以直接问我，人工服务请拨打12345。"

# --- the check
START = "好的，我来帮您查查老人能享受哪些养老待遇。问几个简单问题，不知道的可以点“不清楚”，随时说“不查了”可以退出。"
RESTART = "好的，重新查一遍，刚才说的情况不带过来。问几个简单问题，不知道的可以点“不清楚”，随时说“不查了”可以退出。"
NEXT_PERSON = "好的，接着查{label}。家里共同的情况（地方、户籍、经济情况等）先按刚才说的算，说错了可以直接改。"
READ_BACK_START = "记下了：{facts}。说错了可以直接改。"
READ_BACK = "好的，记下了：{facts}。"
CANCELLED = "好的，不查了。还有别的问题可以直接问我，人工服务请拨打12345。"
GO_ON = "好的，我们接着查。"
GO_ON_THERE = "好的，按{place}的政策接着帮您查。"
CHECK_DONE = "刚才那位老人已经查完了。想看每一项的条件，点“看完整清单”；要查另一位老人，点“查另一位”。"
NEW_CHECK_BUTTON = {"title": "查另一位", "payload": "重新查另一位老人"}
STILL_ASKING = "还差几个问题，答完我就列出老人能享受的项目和完整清单。"
CHECK_ANSWERS_AT_END = ("这正是我在帮您查的：答完这几个问题，我就列出老人能享受的项目，每项写明金额或时长（文件写了的）"
                        "和出处，再告诉您怎么申请。")
REASK = "没太明白您的回答。请点下面的按钮回答，不知道可以点“不清楚”，说“不查了”可以退出。"
MARKED_UNKNOWN = "这一项先记为不清楚，结果里会注明需要确认。"
DONT_KNOW = "好的，这一项先记为不清楚。"
DESCRIBED = "您说的情况（“{text}”）对应不到上面哪一种，这一项先记为不清楚，结果里会注明需要确认。"
DESCRIBED_ASSESSMENT = ("失能等级要以老年人能力评估的结果为准，我不替您判断。这一项先记为不清楚，结果里会说明"
                        "不同等级各能享受什么。")
WHICH_PERSON = "您说到了两位老人。每个人能享受的不一样，我们一位一位查。先查哪一位？"
FIRST_PERSON = "好的，先查{label}。"
OTHER_PERSON_BUTTON = "再查{label}"
OTHER_PERSON_OFFER = "您还说到了{labels}，要接着查的话，说“再查{labels}”或点下面的按钮，已经说过的情况不用再说。"
# 不清楚啥意思 in the check: the question's word, asked of the answering pipeline
MEANING_QUESTION = "{term}是什么意思"
NO_EXPLANATION = "这一项按您知道的回答就行；拿不准可以点“不清楚”，结果里会注明需要确认。"
REGION_CHANGED = "换了地方，户籍和居住情况要按新地方重新确认一下。"
PLACE_NOTED = "好的，记下了：{place}。"

# --- when something went wrong
ERROR = ("抱歉，我这边刚才出了点问题，没能处理您这句话。请再说一遍，或换个说法；"
         "着急的话请拨打12345政务服务便民热线。")
