"""JAX + neural-tangents reference for `repro bench --only model`: the same figures, same sizes.

sgemm peak (4096^2 float32 matmul), training steps/s at batch 128 and width 256, NTK time per
checkpoint (STRUCTURED_DERIVATIVES and JACOBIAN_CONTRACTION, 200 points x 4 outputs), and the projected
time of the SPEC experiment (5 seeds x 300 epochs, 4000 points, NTK every 4 epochs: 76 checkpoints).
"""
import time

import numpy as np
import jax
import jax.numpy as jnp
import neural_tangents as nt
from neural_tangents import stax


def best(repeats, body):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return min(times)


def stand_in_data(per_class, seed):
    """x uniform in [-1, 1]^10, per_class points inside each SPEC region, multi-hot labels."""
    rng = np.random.default_rng(seed)
    regions = [
        lambda x: (np.hypot(x[:, 0], x[:, 1]) >= 0.65) & (np.hypot(x[:, 0], x[:, 1]) <= 0.70),
        lambda x: (x[:, 0] ** 2 + x[:, 1] ** 2 - x[:, 2] > 0.40) & (x[:, 0] ** 2 + x[:, 1] ** 2 - x[:, 2] < 0.50),
        lambda x: (np.linalg.norm(x[:, :3], axis=1) >= 0.40) & (np.linalg.norm(x[:, :3], axis=1) <= 0.50),
        lambda x: (np.hypot(x[:, 3], x[:, 4]) >= 0.65) & (np.hypot(x[:, 3], x[:, 4]) <= 0.70),
    ]
    xs = []
    for region in regions:
        kept = np.zeros((0, 10))
        while len(kept) < per_class:
            candidates = rng.uniform(-1, 1, size=(200000, 10))
            kept = np.concatenate([kept, candidates[region(candidates)]])
        xs.append(kept[:per_class])
    x = np.concatenate(xs).astype(np.float32)
    y = np.stack([region(x) for region in regions], axis=1).astype(np.float32)
    return x, y


def network(width=256, outputs=4, hidden_blocks=3):
    layers = [stax.Dense(width, W_std=1.0, b_std=0.05), stax.LayerNorm(), stax.Relu()]
    for _ in range(hidden_blocks):
        layers += [stax.Dense(width, W_std=0.6, b_std=0.05), stax.LayerNorm(), stax.Relu()]
    layers.append(stax.Dense(outputs, W_std=0.6, b_std=0.05))
    return stax.serial(*layers)


def main():
    size = 4096
    a = jnp.full((size, size), 0.5, jnp.float32)
    b = jnp.full((size, size), 0.25, jnp.float32)
    matmul = jax.jit(lambda a, b: a @ b)
    matmul(a, b).block_until_ready()
    peak = 2 * size ** 3 / best(3, lambda: matmul(a, b).block_until_ready()) / 1e9
    print(f"  sgemm 4096^2 (XLA): {peak:.1f} GFLOP/s")

    init_fn, apply_fn, _ = network()
    _, params = init_fn(jax.random.PRNGKey(0), (-1, 10))
    c = 4

    def loss_fn(params, x, y):
        z = apply_fn(params, x)
        per = (c - 1) * y * jax.nn.softplus(-z) + (1 - y) * jax.nn.softplus(z)
        return jnp.mean(jnp.sum(per, axis=1))

    @jax.jit
    def step(params, x, y):
        grads = jax.grad(loss_fn)(params, x, y)
        return jax.tree_util.tree_map(lambda p, g: p - 1.0 * g, params, grads)

    train_x, train_y = stand_in_data(1000, 0)
    test_x, test_y = stand_in_data(250, 1)
    probe_x, probe_y = train_x[::20], train_y[::20]
    bx, by = jnp.asarray(train_x[:128]), jnp.asarray(train_y[:128])
    p = step(params, bx, by)
    jax.block_until_ready(p)
    steps = 300

    def run_steps():
        q = params
        for _ in range(steps):
            q = step(q, bx, by)
        jax.block_until_ready(q)

    rate = steps / best(3, run_steps)
    flops = sum(2 * 128 * fi * fo * (2 if i == 0 else 3)
                for i, (fi, fo) in enumerate([(10, 256), (256, 256), (256, 256), (256, 256), (256, 4)]))
    print(f"  training, batch 128, width 256: {rate:.0f} steps/s, {rate * flops / 1e9:.1f} GFLOP/s = "
          f"{100 * rate * flops / 1e9 / peak:.0f}% of matmul peak")

    px = jnp.asarray(probe_x)
    times = {}
    kernels = {}
    for name, implementation in [("structured", nt.NtkImplementation.STRUCTURED_DERIVATIVES),
                                 ("jacobian", nt.NtkImplementation.JACOBIAN_CONTRACTION)]:
        ntk_fn = jax.jit(nt.empirical_ntk_fn(apply_fn, trace_axes=(), vmap_axes=0, implementation=implementation))
        kernels[name] = ntk_fn(px, None, params).block_until_ready()
        times[name] = best(5 if name == "structured" else 2, lambda: ntk_fn(px, None, params).block_until_ready())
    difference = float(jnp.max(jnp.abs(kernels["structured"] - kernels["jacobian"])) / jnp.max(jnp.abs(kernels["jacobian"])))
    print(f"  NTK, {len(probe_x)} points x 4 outputs x width 256: STRUCTURED_DERIVATIVES {1000 * times['structured']:.1f} ms, "
          f"JACOBIAN_CONTRACTION {1000 * times['jacobian']:.0f} ms; max |difference| / max |K| = {difference:.1e}")

    # One epoch (shuffled, 32 steps incl. the partial last batch) and one checkpoint, as our driver does.
    ntk_fn = jax.jit(nt.empirical_ntk_fn(apply_fn, trace_axes=(), vmap_axes=0,
                                         implementation=nt.NtkImplementation.STRUCTURED_DERIVATIVES))
    evaluate = jax.jit(lambda params, x, y: (loss_fn(params, x, y), jnp.mean((apply_fn(params, x) > 0) == (y > 0.5), axis=0)))
    tx, ty = jnp.asarray(train_x), jnp.asarray(train_y)
    sx, sy = jnp.asarray(test_x), jnp.asarray(test_y)
    rng = np.random.default_rng(0)

    def epoch():
        q = params
        order = rng.permutation(len(train_x))
        for start in range(0, len(order), 128):
            rows = order[start:start + 128]
            q = step(q, tx[rows], ty[rows])
        jax.block_until_ready(q)

    def checkpoint():
        outputs = [ntk_fn(px, None, params), evaluate(params, px, jnp.asarray(probe_y)),
                   evaluate(params, tx, ty), evaluate(params, sx, sy), apply_fn(params, px)]
        jax.block_until_ready(outputs)

    epoch(); checkpoint()
    epoch_time, checkpoint_time = best(3, epoch), best(3, checkpoint)
    total = 5 * (300 * epoch_time + 76 * checkpoint_time)
    print(f"  epoch (32 steps) {1000 * epoch_time:.0f} ms, checkpoint {1000 * checkpoint_time:.0f} ms; "
          f"projected SPEC experiment (5 seeds x 300 epochs, 76 checkpoints): {total:.0f} s")


if __name__ == "__main__":
    main()
