"""The 12345 hotline agents' workbench: accounts and sessions, the assist service, call records (tickets),
staff review of feedback, and the live handoff queue. The HTTP side is ``bot.gateway.agent``; the console
is ``bot/web/agent``. Nothing here imports Rasa."""
