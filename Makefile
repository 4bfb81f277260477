# Everyday checks. Plain `python -m pytest` works too.
.PHONY: check format lint typecheck imports test screenshots

check: format lint typecheck imports test

format:
	ruff format --check .

lint:
	ruff check .

typecheck:
	mypy filmjournal tests

imports:
	lint-imports

test:
	python -m pytest

screenshots:
	python scripts/screenshots.py
