"""Command-line entry points: `python -m bot.cli {build,train,run,stop,rasa}`."""
