"""FastAPI gateway: one module per channel, all forwarding to Rasa's REST channel."""
