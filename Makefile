# repro: every figure of the paper from one command.
#   make run    build (release) and regenerate every figure
#   make test   build and run every test (Swift and Python)
#   make bench  build (release) and print the benchmarks
#   make bench-reference  the model benchmarks with JAX + neural-tangents (bench/reference.sh, own venv)
# Each first installs the missing Debian packages (scripts/deps.sh).

SWIFT ?= swift
REPRO := .build/release/repro

.PHONY: deps build run test bench bench-reference clean

deps:
	@sh scripts/deps.sh

build: deps
	$(SWIFT) build -c release

run: build
	$(REPRO) run

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: build
	$(REPRO) bench

bench-reference: deps
	sh bench/reference.sh

clean:
	rm -rf .build .venv .venv-bench
