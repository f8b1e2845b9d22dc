# The README's commands. Each target creates .venv and installs the pinned requirements when
# they are missing or changed.
VENV   := .venv
PYTHON := $(VENV)/bin/python
MKDOCS := NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check publish review-report test bench search-bench chromium node-tools servers lighthouse clean

serve: $(VENV)/.site-installed
	@$(PYTHON) tools/check_config.py
	SITE_URL=http://127.0.0.1:8000/ $(MKDOCS) serve --dev-addr 127.0.0.1:8000 --livereload

build: $(VENV)/.site-installed
	@$(PYTHON) tools/check_config.py
	$(MKDOCS) build --strict

# The rules on what editors write (items, sources, front matter, ledgers, redirects) in about a
# second, without building the pages (tools/check.py): the build's own messages.
check: $(VENV)/.site-installed
	@$(PYTHON) tools/check_config.py
	@$(PYTHON) tools/check.py

# The full strict build for the server, then the ledgers of published ids and page addresses in
# includes/ (tools/publish.py): the only step that writes them. Commit them with the publication.
publish: $(VENV)/.site-installed
	@$(PYTHON) tools/check_config.py
	$(PYTHON) tools/publish.py

# Pages overdue for review, due within extra.review.soon days, or never reviewed, by owner
# (tools/review_report.py; the build itself never looks at the date).
review-report: $(VENV)/.site-installed
	$(PYTHON) tools/review_report.py

test: $(VENV)/.dev-installed chromium node-tools servers
	$(PYTHON) -m pytest -n auto

# The build and page figures (bench/bench.py, bench/results.md), then every speed target of
# issue 24 measured side by side, PASS or MISSED (bench/targets.py, bench/targets.md; exit 1 when
# one is missed).
bench: $(VENV)/.dev-installed chromium
	$(PYTHON) bench/bench.py
	$(PYTHON) bench/targets.py

# Types the queries of bench/search-queries.yml into the built site's search box in Chromium.
search-bench: $(VENV)/.dev-installed chromium
	$(PYTHON) bench/search_bench.py

# Debian's Chromium drives the browser tests; install it when missing (as root), else stop.
chromium:
	@bash tools/ensure-chromium.sh

# Debian's nginx and Apache, to run the README's server configurations for real (tests/test_servers.py).
servers:
	@bash tools/ensure-servers.sh

# Lighthouse and the Nu HTML Checker, pinned in package-lock.json (npm ci when missing or changed).
node-tools:
	@bash tools/ensure-node-tools.sh

# Lighthouse on the front page, the hiring checklist and the builder (mobile, median of 3 runs).
lighthouse: $(VENV)/.dev-installed chromium node-tools
	$(PYTHON) bench/lighthouse.py

# Deletes what builds and tests write (never anything tracked).
clean:
	rm -rf site test-artifacts

$(VENV)/bin/python:
	python3 -m venv $(VENV)

$(VENV)/.site-installed: requirements.txt | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.site-installed
