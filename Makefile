# make run   - process data/raw into data/processed (creates .venv on first use)
# make test  - run the test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench train clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: install
	$(BIN)/kommunlens run

test: install
	PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m benchmarks.nlp_benchmark --processes 2
	$(BIN)/python -m benchmarks.flow_benchmark --sizes 100 1000

train: install
	$(BIN)/python -m pipeline.nlp.train_ner
	$(BIN)/python -m pipeline.classify.train_focus_areas
	$(BIN)/python -m pipeline.classify.train_initiatives
	$(BIN)/python -m pipeline.classify.train_doc_type

clean:
	rm -rf data/processed/*.parquet data/processed/*.json data/processed/*.html data/processed/.cache
