"""Shared fixtures: the h5fixtures executable (built by `swift build`) and the files it writes."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def h5fixtures():
    """Path of the h5fixtures executable: $H5FIXTURES, else .build/debug/h5fixtures."""
    path = pathlib.Path(os.environ.get("H5FIXTURES", ROOT / ".build" / "debug" / "h5fixtures"))
    if not path.exists():
        pytest.fail(f"{path} is missing; run `swift build --product h5fixtures` (make test does)")
    return path


@pytest.fixture(scope="session")
def files(h5fixtures, tmp_path_factory):
    """The folder holding types.h5, named.h5 and stream.h5, written by the Swift code."""
    folder = tmp_path_factory.mktemp("h5fixtures")
    subprocess.run([str(h5fixtures), "all", str(folder)], check=True)
    return folder
