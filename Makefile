# The kit's commands. `make help` lists them. Every target creates .venv first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ASSIGNMENT ?= logreg
# Hidden notebook cells import the kit inside nbgrader's kernel; the sandbox (python -I) ignores this.
export PYTHONPATH := $(CURDIR)
export MPLBACKEND := Agg

.DEFAULT_GOAL := help
.PHONY: help venv release test demo grade collect autograde feedback grades bench bench-scale

help: ## list every target
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==26.3
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	touch $@

venv: $(VENV)/.installed ## create .venv with the pinned dependencies

release: $(VENV)/.installed ## build the student release(s) into release/ (ASSIGNMENT=name for one)
	$(PY) -m autograder release $(if $(filter command line,$(origin ASSIGNMENT)),$(ASSIGNMENT),)

test: $(VENV)/.installed ## run the kit's own tests
	$(PY) -m pytest -q

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

N ?= 100
bench: $(VENV)/.installed ## time the kit against plain nbgrader autograde on N notebooks (default 100)
	$(PY) -m autograder bench -n $(N)

bench-scale: $(VENV)/.installed ## a synthetic class of N (default 10000) graded locally and through a local dask scheduler
	$(PY) -m autograder.tools.bench_scale -n $(if $(filter command line,$(origin N)),$(N),10000)
