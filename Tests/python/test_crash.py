"""Atomic writes: a reader holding a file open keeps its data while Swift overwrites the file, and a
writer killed mid-write (SIGKILL) leaves the old complete file at the final path."""
import os
import signal
import subprocess

import h5py
import numpy as np

SLAB = 1 << 18  # float32 values per slab (1 MiB), as h5fixtures writes them


def write(h5fixtures, path, value, slabs):
    subprocess.run([str(h5fixtures), "overwrite", str(path), str(value), str(slabs)], check=True,
                   stdout=subprocess.DEVNULL)


def check_complete(path, value, slabs):
    with h5py.File(path, "r") as f:
        data = f["data"][()]
    assert data.shape == (slabs, SLAB)
    assert (data == value).all()


def test_reader_keeps_its_data_while_the_file_is_replaced(h5fixtures, tmp_path):
    path = tmp_path / "checkpoint.h5"
    write(h5fixtures, path, 1.0, 4)
    with h5py.File(path, "r") as reader:
        before = reader["data"][()]
        write(h5fixtures, path, 3.0, 6)
        # The open file still reads the old, complete data.
        np.testing.assert_array_equal(reader["data"][()], before)
        assert reader["data"].shape == (4, SLAB) and (reader["data"][()] == 1.0).all()
    check_complete(path, 3.0, 6)
    assert sorted(os.listdir(tmp_path)) == ["checkpoint.h5"]


def test_killed_writer_leaves_the_old_file(h5fixtures, tmp_path):
    path = tmp_path / "checkpoint.h5"
    write(h5fixtures, path, 1.0, 4)
    with h5py.File(path, "r") as reader:
        child = subprocess.Popen([str(h5fixtures), "overwrite", str(path), "2.0", "100000"],
                                 stdout=subprocess.PIPE, text=True)
        try:
            started = child.stdout.readline()
            assert started.startswith("started "), started
            temporary = started.split(" ", 1)[1].strip()
            for _ in range(3):  # let it write a few slabs, then kill it mid-stream
                assert child.stdout.readline().startswith("slab ")
            assert os.path.exists(temporary)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        assert reader["data"].shape == (4, SLAB) and (reader["data"][()] == 1.0).all()
    # The final path holds the old complete file; the killed writer's temporary file is the only
    # other name, and it is not the final path.
    check_complete(path, 1.0, 4)
    leftovers = sorted(name for name in os.listdir(tmp_path) if name != "checkpoint.h5")
    assert leftovers == [os.path.basename(temporary)]
    assert ".tmp-" in leftovers[0]
    # A later successful write replaces it cleanly.
    write(h5fixtures, path, 5.0, 2)
    check_complete(path, 5.0, 2)
