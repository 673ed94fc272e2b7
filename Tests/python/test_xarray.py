"""Files written by HDF5Store, opened with xarray through h5netcdf and netCDF4: named dimensions,
coordinates, metadata; no phony_dim names and no warnings (pytest.ini turns them into errors)."""
import numpy as np
import pytest
import xarray as xr

ENGINES = ["h5netcdf", "netcdf4"]


def no_phony(dataset):
    assert not [d for d in dataset.dims if str(d).startswith("phony_dim")], dataset.dims


@pytest.mark.parametrize("engine", ENGINES)
def test_named_dimensions_and_coordinates(files, engine):
    with xr.open_dataset(files / "named.h5", engine=engine) as ds:
        no_phony(ds)
        assert dict(ds.sizes) == {"epoch": 3, "task": 2, "probe_i": 4, "probe_j": 4}
        assert ds["ntk"].dims == ("epoch", "task", "probe_i", "probe_j")
        assert ds["epoch"].values.tolist() == [0, 5, 10]
        assert ds["task"].values.tolist() == [0, 1]
        assert "probe_i" not in ds.coords
        expected = (np.arange(3 * 2 * 4 * 4) % 17 - 3).astype(np.float32).reshape(3, 2, 4, 4)
        np.testing.assert_array_equal(ds["ntk"].values, expected)  # zeros stay zeros, not NaN
        assert ds["ntk"].dtype == np.float32
        assert ds["ntk"].attrs["long_name"] == "empirical NTK"
        assert ds["ntk"].attrs["units"] == "1"
        assert ds["ntk"].attrs["description"] == "Gram matrix per task"
        assert ds["loss"].values.tolist() == [0.5, 0.25, 0.125]
        assert ds.attrs["Conventions"] == "CF-1.8"
        assert isinstance(ds.attrs["title"], str)
        assert float(ds["scalar"]) == 1.5


@pytest.mark.parametrize("engine", ENGINES)
def test_booleans_decode_as_bool(files, engine):
    with xr.open_dataset(files / "named.h5", engine=engine) as ds:
        assert ds["converged"].dtype == np.bool_
        assert ds["converged"].values.tolist() == [True, False]


@pytest.mark.parametrize("engine", ENGINES)
def test_groups(files, engine):
    with xr.open_dataset(files / "named.h5", engine=engine, group="run/0") as ds:
        no_phony(ds)
        assert ds["alignment"].dims == ("task", "step")
        assert ds["alignment"].values.tolist() == [[0, 1, 2], [3, 4, 5]]


@pytest.mark.parametrize("engine", ENGINES)
def test_stream_has_unlimited_first_dimension(files, engine):
    with xr.open_dataset(files / "stream.h5", engine=engine) as ds:
        no_phony(ds)
        assert ds["ntk"].dims == ("checkpoint", "task", "probe_i", "probe_j")
        assert ds["ntk"].shape == (4, 2, 3, 3)
        assert ds["ntk"].values[:, 0, 0, 0].tolist() == [0, 1, 2, 3]
        assert ds["checkpoint"].values.tolist() == [0, 100, 200, 300]
        assert ds["checkpoint"].attrs["long_name"] == "training step"


@pytest.mark.parametrize("engine", ENGINES)
def test_special_values_and_empty_axes(files, engine):
    with xr.open_dataset(files / "types.h5", engine=engine) as ds:
        no_phony(ds)
        assert ds["empty"].dims == ("three", "none") and ds["empty"].shape == (3, 0)
        special = ds["special"].values
        assert np.isnan(special[0]) and special[1] == np.inf and special[2] == -np.inf


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", ["float32", "int64", "bool"])
def test_every_rank_in_groups(files, engine, kind):
    for rank in range(6):
        with xr.open_dataset(files / "types.h5", engine=engine, group=kind) as ds:
            no_phony(ds)
            variable = ds[f"rank{rank}"]
            assert variable.dims == tuple(f"r{rank}_axis{i}" for i in range(rank))
            assert variable.shape == (2, 3, 1, 4, 2)[:rank]
            if kind == "bool":
                assert variable.dtype == np.bool_
