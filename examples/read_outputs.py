#!/usr/bin/env python3
"""Read repro's outputs with xarray and h5py, and recompute Figure 3's numbers from the raw tensors.

Opens outputs/affinity.h5 with xarray (named dimensions: reading, epoch, task_a, task_b), then
recomputes the mean-over-runs affinity S[a -> b] at one epoch from the stored NTK and residuals of
every training run (outputs/train/seed-*.h5, read with h5py):

    S[a -> b](t) = eta * <Kbar_ba, Gbar_ba>_F / (N^2 * Lbar_b(t))

with Kbar the mean over runs of the NTK block K_ba, Gbar the mean over runs of r_b r_a^T (the mean
of outer products) and Lbar_b the mean over runs of the probe loss of task b (SPEC 5). Prints both
matrices and exits 1 when they differ by more than --rtol.

usage: python examples/read_outputs.py [--outputs outputs] [--epoch 52] [--rtol 1e-6]
"""
import argparse
import glob
import json
import os
import sys

import h5py
import numpy as np
import xarray as xr


def recompute_s(outputs, epoch):
    runs = sorted(glob.glob(os.path.join(outputs, "train", "seed-*.h5")))
    if not runs:
        sys.exit(f"no training runs in {outputs}/train")
    kernels, residuals, losses = [], [], []
    eta = None
    for path in runs:
        with h5py.File(path, "r") as f:
            index = int(np.flatnonzero(f["epoch"][:] == epoch)[0])
            kernels.append(f["ntk"][index].astype(np.float64))        # [a, b, i, j]
            residuals.append(f["residuals"][index].astype(np.float64))  # [i, task]
            losses.append(f["probe_loss"][index])                       # [task]
            eta = json.loads(f.attrs["training"])["learningRate"]
    kbar = np.mean(kernels, axis=0)
    c, n = kbar.shape[0], kbar.shape[2]
    lbar = np.mean(losses, axis=0)
    s = np.zeros((c, c))
    for a in range(c):
        for b in range(c):
            gbar = np.mean([np.outer(r[:, b], r[:, a]) for r in residuals], axis=0)
            s[a, b] = eta * np.sum(kbar[b, a] * gbar) / (n * n * lbar[b])
    return s


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--outputs", default="outputs")
    parser.add_argument("--epoch", type=int, default=52)
    parser.add_argument("--rtol", type=float, default=1e-6)
    args = parser.parse_args()

    affinity = xr.open_dataset(os.path.join(args.outputs, "affinity.h5"), engine="h5netcdf")
    readings = json.loads(affinity.attrs["readings"])
    stored = affinity["s_mean"].sel(reading=0, epoch=args.epoch).values   # default reading
    print(f"reading 0 = {readings[0]['name']}; S[a -> b] at epoch {args.epoch} (rows a, columns b)")
    print("stored by the pipeline:\n", np.array2string(stored, precision=6))
    recomputed = recompute_s(args.outputs, args.epoch)
    print("recomputed from the NTK and residuals:\n", np.array2string(recomputed, precision=6))
    worst = float(np.max(np.abs(stored - recomputed) / np.maximum(np.abs(recomputed), 1e-12)))
    print(f"largest relative difference: {worst:.3g}")
    return 0 if worst <= args.rtol else 1


if __name__ == "__main__":
    sys.exit(main())
