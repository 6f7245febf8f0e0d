# The two commands of the README: `make demo` and `make test`. Both do all set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
APT    := $(if $(filter 0,$(shell id -u)),,sudo) apt-get

.PHONY: setup system-deps demo test bench clean

setup: system-deps $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# Chromium from the OS package renders JavaScript pages (Playwright never downloads a browser here);
# CJK fonts make notices and screenshots legible; nginx serves the benchmark site; antiword reads .doc attachments.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -d /usr/share/fonts/opentype/noto ] || missing="$$missing fonts-noto-cjk"; \
	command -v nginx >/dev/null || missing="$$missing nginx-light"; \
	command -v antiword >/dev/null || missing="$$missing antiword"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq $$missing >/dev/null; \
	fi

demo: setup
	$(BIN)/python audit.py demo --out out/demo

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/crawl_bench.py

clean:
	rm -rf $(VENV) out var .pytest_cache
