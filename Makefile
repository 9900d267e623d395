# Thin wrappers: the scripts are the interface and work without make.
#   make test ARGS="tests/org -k admin"    pytest arguments for both passes
.PHONY: run test lint format messages bench

ARGS ?=

run:
	bash scripts/run

test:
	bash scripts/test -- $(ARGS)

lint:
	bash scripts/lint

# Rewrites files: ruff format, then the safe autofixes.
format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

messages:
	bash scripts/messages

# Every benchmark on SQLite (bench/README.md); e.g. make bench ARGS="--db postgres tickets"
bench:
	bash bench/run $(ARGS)
