"""养老政策助手: knowledge base, rules engine, NLU components, gateway and CLI."""
