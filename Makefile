# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test install install-test translations db demo lint bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

translations: | $(BIN)/python
	$(BIN)/pybabel compile --use-fuzzy -d network_app/translations >/dev/null 2>&1 || \
	  ( $(BIN)/pip install --quiet -r requirements.txt && $(BIN)/pybabel compile -d network_app/translations )

db: install
	mkdir -p instance
	$(FLASK) db upgrade

demo: db
	DISPLAY_PORT=$(PORT) $(FLASK) seed-demo --if-empty

# The server, and beside it the mail sender (flask send-mail --loop): it stops with the server.
MAIL_LOOP_SECONDS ?= 10
run: demo
	@$(FLASK) send-mail --loop $(MAIL_LOOP_SECONDS) & sender=$$!; \
	$(FLASK) send-reminders --loop 300 & reminders=$$!; \
	trap 'kill $$sender $$reminders 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check network_app tests bench
	$(BIN)/ruff format --check network_app tests bench

clean:
	rm -rf $(VENV) .pytest_cache

# The benchmark (bench/run.py: pages beside the floor, query counts) and the load test
# (bench/load.py). Both use SQLite, and PostgreSQL at BENCH_POSTGRES_URL when it answers.
# `make bench LOAD_ARGS="--duration 60"` for the full one-minute load test.
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.load $(LOAD_ARGS)
	$(BIN)/python -m bench.word $(WORD_ARGS)
	$(BIN)/python -m bench.recognise $(RECOGNISE_ARGS)
	$(BIN)/python -m bench.faults $(FAULT_ARGS)

# After adding strings: refresh the catalogue, then translate the new entries in messages.po.
messages: | $(BIN)/python
	$(BIN)/pybabel extract -F babel.cfg -o network_app/translations/messages.pot .
	$(BIN)/pybabel update -i network_app/translations/messages.pot -d network_app/translations
