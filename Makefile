# The two commands of the README work on a fresh machine with Python >= 3.10,
# pip and make: each creates .venv on first use and installs the project into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
FUZZ_ROUNDS ?= 1
FUZZ_STATS  ?= .fuzz-stats.json

.PHONY: demo test lint typecheck unit docs clean bench fuzz

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: print the bundled Thanh Xá 2023 appendix and its progress summary
demo: $(STAMP)
	$(BIN)/python -m cchc_model show --example
	$(BIN)/python -m cchc_model progress --example

## test: lint, type-check and run the test suite
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

unit: $(STAMP)
	$(BIN)/python -m pytest

## docs: build the documentation site into docs/_build/html (warnings are errors)
docs: $(STAMP)
	$(BIN)/python -m sphinx -n -W --keep-going -b html docs docs/_build/html

## bench: the benchmark suite; prints one table of figures, baselines, ratios and targets
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py

## fuzz: long-running fuzzing (hypothesis "fuzz" profile), FUZZ_ROUNDS rounds of fresh
## random inputs; overnight: `make fuzz FUZZ_ROUNDS=40` (see docs/security.md); the
## inputs tried per reader and the slowest one's time and memory go to $(FUZZ_STATS)
fuzz: $(STAMP)
	for round in $$(seq $(FUZZ_ROUNDS)); do \
	  echo "fuzz round $$round of $(FUZZ_ROUNDS)"; \
	  HYPOTHESIS_PROFILE=fuzz CCHC_FUZZ_STATS=$(FUZZ_STATS) $(BIN)/python -m pytest \
	    tests/test_fuzz.py tests/test_fuzz_readers.py -q -x \
	    || exit 1; \
	done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
