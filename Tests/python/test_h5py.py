"""Files written by HDF5Store, read with stock h5py: values, shapes, types, strings, JSON."""
import json

import h5py
import numpy as np
import pytest

SHAPES = [(), (2,), (2, 3), (2, 3, 1), (2, 3, 1, 4), (2, 3, 1, 4, 2)]


def ramp(shape):
    return np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)


@pytest.mark.parametrize("rank", range(6))
def test_every_type_and_rank(files, rank):
    shape = SHAPES[rank]
    n = ramp(shape)
    expected = {
        "float32": (np.float32, n.astype(np.float32) * np.float32(0.5) - 1),
        "float64": (np.float64, n / 3.0),
        "int32": (np.int32, (n - 7).astype(np.int32)),
        "int64": (np.int64, n * 1_000_000_007),
        "uint8": (np.uint8, (n % 256).astype(np.uint8)),
        "bool": (np.bool_, n % 3 == 0),
    }
    with h5py.File(files / "types.h5", "r") as f:
        for name, (dtype, values) in expected.items():
            data = f[f"{name}/rank{rank}"][()]
            assert f[f"{name}/rank{rank}"].dtype == dtype, name
            assert np.shape(data) == shape, name
            np.testing.assert_array_equal(data, values, err_msg=name)


def test_booleans_arrive_as_bool(files):
    with h5py.File(files / "types.h5", "r") as f:
        data = f["bool/rank1"][()]
        assert data.dtype == np.bool_
        assert data.tolist() == [True, False]
        assert isinstance(f["bool/rank0"][()], np.bool_)


def test_special_values_and_empty_axes(files):
    with h5py.File(files / "types.h5", "r") as f:
        special = f["special"][()]
        assert special.dtype == np.float32
        assert np.isnan(special[0])
        assert special[1] == np.inf and special[2] == -np.inf
        assert special[3] == 0 and np.signbit(special[4])
        assert special[5] == np.nextafter(np.float32(0), np.float32(1))
        assert special[6] == np.finfo(np.float32).max
        assert f["empty"].shape == (3, 0)
        assert f["empty"][()].size == 0


def test_string_attributes_are_str(files):
    with h5py.File(files / "types.h5", "r") as f:
        title = f.attrs["title"]
        assert type(title) is str
        assert title == "Tâche affinities — ∑ NTK 🧪"
        assert type(f.attrs["Conventions"]) is str and f.attrs["Conventions"] == "CF-1.8"
        assert f.attrs["seed"] == 42
        assert f.attrs["learning_rate"] == 0.125
        assert f.attrs["widths"].tolist() == [64, 128, 256]
        assert f.attrs["losses"].tolist() == [0.5, 0.25]


def test_json_metadata_parses(files):
    with h5py.File(files / "types.h5", "r") as f:
        config = json.loads(f.attrs["config"])
        assert config == {"tasks": ["segment", "depth"], "steps": 100, "lr": 0.01, "nested": {"ok": True}}
        assert "big_config" not in f.attrs
        big = f["big_config"][()]
        big = big.decode() if isinstance(big, bytes) else big
        assert json.loads(big) == [f"entry-{i}" for i in range(20_000)]


def test_dimension_scales_and_compression(files):
    with h5py.File(files / "named.h5", "r") as f:
        ntk = f["ntk"]
        assert [dim[0].name.split("/")[-1] for dim in ntk.dims] == ["epoch", "task", "probe_i", "probe_j"]
        assert ntk.dims[0][0][()].tolist() == [0, 5, 10]
        assert ntk.chunks == (1, 1, 4, 4)
        assert ntk.compression == "gzip" and ntk.compression_opts == 4 and ntk.shuffle
        assert ntk.attrs["long_name"] == "empirical NTK"
        assert ntk.attrs["units"] == "1"


def test_appendable_stream(files):
    with h5py.File(files / "stream.h5", "r") as f:
        ntk = f["ntk"]
        assert ntk.shape == (4, 2, 3, 3)
        assert ntk.maxshape == (None, 2, 3, 3)
        for checkpoint in range(4):
            assert (ntk[checkpoint] == checkpoint).all()
