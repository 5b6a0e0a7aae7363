"""Offline evaluations of the assistant's components (run as ``python -m bot.eval.<name>``)."""
