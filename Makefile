# Convenience wrappers; the scripts are the source of truth (they need no make).
.PHONY: demo test lint bench docs
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
lint:
	.venv/bin/ruff check src tests bench && .venv/bin/ruff format --check src tests bench && .venv/bin/mypy
bench:
	.venv/bin/python bench/run.py
