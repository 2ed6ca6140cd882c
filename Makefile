# make run   - process data/raw into data/processed (creates .venv on first use)
# make test  - run the test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint format bench train nlp clean

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

test-fast: install
	PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/python -m pytest -q -m "not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m benchmarks.nlp_benchmark --processes 2
	$(BIN)/python -m benchmarks.flow_benchmark --sizes 100 1000

# Build time: every artefact under pipeline/resources/ from training/ and ../shared (about an
# hour on 2 cores). Order matters: the pipeline artefact is assembled after the NER is trained
# (with the POS model of the step before); the initiative detectors read that pipeline's output.
train: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r training/pos/requirements.txt
	OMP_NUM_THREADS=1 $(BIN)/python -m training.pos.train --max-minutes 18
	OMP_NUM_THREADS=1 $(BIN)/python -m training.pos.train --eval-only --score-test --install
	OMP_NUM_THREADS=1 $(BIN)/python -m training.ner.train
	$(BIN)/python -m training.classify.train_focus_areas
	$(BIN)/python -m training.classify.train_doc_type
	$(BIN)/python -m training.initiatives.train
	$(BIN)/python -m training.classify.train_initiatives

# Reassemble the spaCy pipeline artefact after editing training/lexicons (NER unchanged).
nlp: install
	$(BIN)/python -m training.nlp.build

clean:
	rm -rf data/processed/*.parquet data/processed/*.json data/processed/*.html data/processed/.cache
