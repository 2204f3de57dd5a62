# The kit's commands. `make help` lists them. Every target creates .venv first.
SHELL := /bin/bash
# PYTHON=/path/to/python picks the interpreter the venv is built with (any the CI matrix runs,
# see README "Installing"); a .venv built by another interpreter is then rebuilt.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ASSIGNMENT ?= logreg
# Hidden notebook cells import the kit inside nbgrader's kernel; the sandbox (python -I) ignores this.
export PYTHONPATH := $(CURDIR)
export MPLBACKEND := Agg

.DEFAULT_GOAL := help
.PHONY: help venv lock release test test-fast lint demo grade collect autograde feedback grades bench formgrader guide plots bench-scale

help: ## list every target
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

# What built the venv: interpreter path and version, kept in the stamp file.
ifneq ($(origin PYTHON),file)
VENV_ID := $(shell $(PYTHON) -c 'import sys; print(sys.executable, sys.version.split()[0])' 2>/dev/null)
ifneq ($(VENV_ID),$(shell cat $(VENV)/.installed 2>/dev/null))
$(shell rm -f $(VENV)/.installed)
endif
endif

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==26.3
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	$(PYTHON) -c 'import sys; print(sys.executable, sys.version.split()[0])' > $@

venv: $(VENV)/.installed ## create .venv from requirements.lock (PYTHON=interpreter to choose one)

UV_COMPILE := uv pip compile --quiet --universal --python-version 3.10 --no-annotate
lock: ## recompile requirements.lock and the students' assignments/*/requirements.txt (needs uv)
	$(UV_COMPILE) requirements.in -o requirements.lock
	for dir in assignments/*/; do \
	  { sed -n 's/^#> \?//p' student-requirements.in; \
	    $(UV_COMPILE) --no-header -c requirements.lock student-requirements.in; } > $$dir/requirements.txt; \
	done

release: $(VENV)/.installed ## build the student release(s) into release/ (ASSIGNMENT=name for one)
	$(PY) -m autograder release $(if $(filter command line,$(origin ASSIGNMENT)),$(ASSIGNMENT),)

guide: $(VENV)/.installed ## the instructor's guide (answers to every prompt) into guide/
	$(PY) -m autograder guide

plots: $(VENV)/.installed ## run the release filled with the reference; save its plots as PNGs in plots/
	$(PY) -m autograder plots

test: $(VENV)/.installed ## run the kit's own tests, all of them
	$(PY) -m pytest -q

test-fast: $(VENV)/.installed ## the tests not marked slow (seconds)
	$(PY) -m pytest -q -m "not slow"

lint: $(VENV)/.installed ## ruff (lint + format check) and mypy
	$(PY) -m ruff check autograder tests solutions nbgrader_config.py
	$(PY) -m ruff format --check autograder tests solutions nbgrader_config.py
	$(PY) -m mypy

grade: $(VENV)/.installed ## grade one submission: make grade SUB=path/to/notebook.ipynb
	$(PY) -m autograder grade $(SUB)

demo: $(VENV)/.installed ## the whole lifecycle on a built-in class
	$(PY) -m autograder demo

COURSE_ARG := $(if $(COURSE),--course $(COURSE),)
collect: $(VENV)/.installed ## collect submissions: nbgrader collect (EXCHANGE=dir), or ZIP=download.zip from an LMS
	$(PY) -m autograder collect $(COURSE_ARG) $(if $(ZIP),--zip $(ZIP),) $(if $(EXCHANGE),--exchange $(EXCHANGE),)

autograde: $(VENV)/.installed ## grade every new or changed submission in parallel (JOBS=n, FORCE=1, SCHEDULER=tcp://host:8786)
	$(PY) -m autograder autograde $(COURSE_ARG) $(if $(JOBS),-j $(JOBS),) $(if $(filter 1,$(FORCE)),--force,) \
		$(if $(SCHEDULER),--scheduler $(SCHEDULER),)

feedback: $(VENV)/.installed ## an HTML feedback page per student
	$(PY) -m autograder feedback $(COURSE_ARG)

grades: $(VENV)/.installed ## grades.csv, Gradescope results.json, score plots, item analysis
	$(PY) -m autograder grades $(COURSE_ARG)

formgrader: $(VENV)/.installed ## JupyterLab with formgrader on the course, on 127.0.0.1 (COURSE=dir, PORT=n)
	$(PY) -m autograder formgrader $(COURSE_ARG) $(if $(PORT),--port $(PORT),)

N ?= 100
bench: $(VENV)/.installed ## time the kit against plain nbgrader autograde on N notebooks (default 100)
	$(PY) -m autograder bench -n $(N)

bench-scale: $(VENV)/.installed ## a synthetic class of N (default 10000) graded locally and through a local dask scheduler
	$(PY) -m autograder.tools.bench_scale -n $(if $(filter command line,$(origin N)),$(N),10000)
