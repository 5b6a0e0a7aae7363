"""What the assistant says: pure functions from knowledge-base and rules results to chat messages.

Actions (actions/) call these and stay thin; tests and `make eval` call them without Rasa.
"""
