# repro: every figure of the paper from one command.
#   make run    build (release) and regenerate every figure
#   make test   build and run every test (Swift and Python)
#   make bench  build (release) and print the benchmarks
#   make bench-reference  the model benchmarks with JAX + neural-tangents (bench/reference.sh, own venv)
# Each first installs the missing Debian packages (scripts/deps.sh).

SWIFT ?= swift
REPRO := .build/release/repro
VENV := .venv
# The Python packages the reader tests (Tests/python) use, from PyPI.
PYTHON_PACKAGES := h5py xarray h5netcdf netCDF4 numpy pytest

.PHONY: deps build run test venv bench bench-reference clean

deps:
	@sh scripts/deps.sh

build: deps
	$(SWIFT) build -c release

run: build
	$(REPRO) run

test: deps venv
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	H5FIXTURES="$$($(SWIFT) build --show-bin-path)/h5fixtures" REPRO_BIN="$$($(SWIFT) build --show-bin-path)/repro" \
		$(VENV)/bin/python -m pytest -q Tests/python

# The virtual environment for the Python tests, created only when missing.
venv: $(VENV)/.ready

$(VENV)/.ready:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet $(PYTHON_PACKAGES)
	touch $@

bench: build
	$(REPRO) bench

bench-reference: deps
	sh bench/reference.sh

clean:
	rm -rf .build .venv .venv-bench
