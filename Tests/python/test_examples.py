"""examples/read_outputs.py against the pipeline's own values, on a small pipeline run by `repro`."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small_project(tmp_path_factory):
    repro = pathlib.Path(os.environ.get("REPRO_BIN", ROOT / ".build" / "debug" / "repro"))
    if not repro.exists():
        pytest.fail(f"{repro} is missing; run `swift build` (make test does)")
    folder = tmp_path_factory.mktemp("project")
    pipeline = json.loads((ROOT / "pipeline.json").read_text())
    stages = pipeline["stages"]
    stages["synthetic"]["params"].update(train_per_class=40, test_per_class=10, probe_per_class=5)
    layers = [{"dense": {"width": 8, "wStd": 1.0, "bStd": 0.05}}, {"layerNorm": {"eps": 1e-12}}, {"relu": {}},
              {"dense": {"width": 4, "wStd": 0.6, "bStd": 0.05}}]
    stages["train"]["params"].update(layers=layers, epochs=4, ntk_every=2, batch_size=16, weight_epochs=[0, 4])
    stages["train"]["foreach"] = {"seed": [0, 1, 2]}
    keep = {"synthetic", "train", "affinity"}
    pipeline["stages"] = {name: stage for name, stage in stages.items() if name in keep}
    (folder / "pipeline.json").write_text(json.dumps(pipeline))
    env = {k: v for k, v in os.environ.items() if k != "CIFAR10_DIR"}
    subprocess.run([str(repro), "run", "--quiet"], cwd=folder, check=True, env=env)
    return folder


def test_read_outputs_recomputes_the_pipeline_affinities(small_project):
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "read_outputs.py"),
                             "--outputs", str(small_project / "outputs"), "--epoch", "2", "--rtol", "1e-6"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "largest relative difference" in result.stdout
    assert "loss-gradient/uncentered/pm1" in result.stdout
