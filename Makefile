# 养老政策助手 — the two commands are `make run` and `make test`; both set everything up.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CLI    := $(PY) -m bot.cli

export PYTHONDONTWRITEBYTECODE := 1
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help venv kb-build kb train run run-scaled stop test lint validate pytest rasa-test eval bench lock clean browser

help:
	@echo "make run    set up, train if needed, start rasa + actions + gateway (Ctrl-C stops all)"
	@echo "make test   set up, train if needed, run ruff, rasa data validate, pytest and rasa test"
	@echo "make run-scaled   REPLICAS (2) Rasa servers on PostgreSQL + Redis (TRACKER_DB_URL, REDIS_URL)"
	@echo "make train | stop | kb | eval | bench | lock | clean"

# The virtual environment, from the lock file, with a Python 3.10 found by scripts/find-python310.sh.
$(STAMP): requirements.lock scripts/find-python310.sh
	@py=$$(scripts/find-python310.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
		echo "creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip==24.0
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(PY) -m pip check
	@touch $(STAMP)

venv: $(STAMP)

# Everything generated from knowledge/ (jieba user dictionary, lookups).
kb-build: $(STAMP)
	$(CLI) build

# Validate the knowledge base and print its inventory.
kb: $(STAMP)
	$(PY) -m bot.kb validate
	$(PY) -m bot.conversation.vocab

train: kb-build
	$(CLI) train

run: train
	$(CLI) run

# The scaled topology on one machine (docs/operations.md): Rasa replicas sharing a PostgreSQL tracker store
# and Rasa's Redis lock store, several action-server workers, the gateway spreading conversations.
run-scaled: train
	REPLICAS=$${REPLICAS:-2} ACTION_WORKERS=$${ACTION_WORKERS:-2} \
	TRACKER_DB_URL=$${TRACKER_DB_URL:-postgresql://postgres@127.0.0.1:5432/eldercare} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} $(CLI) run --scaled

stop: $(STAMP)
	$(CLI) stop

lint: $(STAMP)
	$(PY) -m ruff check bot actions tests
	$(VENV)/bin/lint-imports  # layers and no cycles: .importlinter
	$(PY) scripts/check_vocabulary.py  # no Chinese word lists or regexes in Python: knowledge/nlu

# Not --fail-on-warnings: Rasa 3.6 warns that the form's utter_ask_* responses are "unused"
# because the form picks its questions dynamically (validate_entitlement_form).
validate: kb-build
	$(CLI) rasa data validate --domain domain --data data --config config.yml

# The widget's browser tests: Debian's chromium with CJK and emoji fonts (else text renders as boxes),
# installed with apt when missing and we are root (as in CI), and axe-core from npm (pinned in
# package-lock.json) for the accessibility scan. Without them those tests are skipped with a message.
BROWSER_PACKAGES := chromium fonts-noto-cjk fonts-noto-color-emoji
browser:
	@missing=$$(for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing for the browser tests:" $$missing; \
	    { DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } || \
	    echo "note: could not install $$missing; the browser tests may be skipped"; \
	  else echo "note: $$missing not installed (needs root and apt); the browser tests may be skipped"; fi; fi
	@if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then \
	  if command -v npm >/dev/null 2>&1; then \
	    { npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; } || \
	    echo "note: npm ci failed; the accessibility scan will be skipped"; \
	  else echo "note: npm is not installed; the accessibility scan will be skipped"; fi; fi

pytest: train browser
	$(PY) -m pytest -q tests

rasa-test: train
	$(CLI) rasa test core --stories tests/stories --model models/elder-care.tar.gz \
		--out results --fail-on-prediction-errors

test: lint kb validate pytest rasa-test
	@echo "make test: all checks passed"

# the user-voiced sets whose questions and checks share a number (users2's questions run with users3's checks)
USER_SETS = 1 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32

eval: train
	$(PY) -m bot.eval.search_eval --quiet
	$(PY) -m bot.eval.search_eval --quiet --no-baseline --dev-set tests/data/fresh_questions.yaml
	$(PY) -m bot.eval.search_eval --quiet --no-baseline --dev-set tests/data/blind3_questions.yaml
	$(PY) -m bot.eval.search_eval --quiet --no-baseline --dev-set tests/data/blind4_questions.yaml
	$(PY) -m bot.eval.search_eval --quiet --no-baseline --dev-set tests/data/blind5_questions.yaml
	$(PY) -m bot.eval.entities_eval
	$(PY) -m bot.eval.profile_precision
	$(PY) -m bot.eval.nlu_eval
	$(PY) -m bot.eval.chat_eval
	$(PY) -m bot.sim --personas 2000 --seed 7 --misses var/eval/simulator-misses.json
	$(PY) -m bot.eval.users_eval --questions tests/data/users2_questions.yaml \
		--dialogues tests/data/users3_dialogues.yaml --out var/eval/users2-3.json
	for n in $(USER_SETS); do $(PY) -m bot.eval.users_eval --questions tests/data/users$${n}_questions.yaml \
		--dialogues tests/data/users$${n}_dialogues.yaml --out var/eval/users$${n}.json || exit 1; done
	$(PY) -m bot.eval.assist_eval

# Speed of the whole assistant on real processes (bot/bench/run.py): prints a table, appends to
# bench/results.jsonl. BENCH_ARGS=--quick for a short smoke run, --baseline to add Rasa as shipped.
bench: train
	$(PY) -m bot.bench.rules_bench
	$(PY) -m bot.bench.run $(BENCH_ARGS)

# Rebuild the lock file from requirements.in in a scratch venv (needs the package registry).
lock:
	@py=$$(scripts/find-python310.sh) || exit 1; d=$$(mktemp -d); \
	"$$py" -m venv $$d && $$d/bin/pip install --quiet --upgrade pip==24.0 && \
	$$d/bin/pip install --quiet -r requirements.in && $$d/bin/pip check && \
	{ echo "# Generated by 'make lock' from requirements.in with Python 3.10. Do not edit by hand."; \
	  $$d/bin/pip freeze --all | grep -v '^pip=='; } > requirements.lock; rm -rf $$d

clean:
	rm -rf build models results .pytest_cache .ruff_cache node_modules
	@echo "kept $(VENV) and var/ (conversations); remove them by hand if you mean to"
