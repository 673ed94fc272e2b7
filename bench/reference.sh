#!/bin/sh
# make bench-reference: the model benchmarks of `repro bench --only model`, run with JAX + neural-tangents
# (the versions of shared/oracle) in a virtual environment this script creates.
set -eu
cd "$(dirname "$0")/.."
VENV=.venv-bench
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import jax, neural_tangents" 2>/dev/null \
    || "$VENV/bin/pip" install -q "jax[cpu]==0.4.23" "neural-tangents==0.6.5" "tensorflow==2.15.1" "ml-dtypes<0.4" "numpy<2"
exec "$VENV/bin/python" bench/reference.py "$@"
