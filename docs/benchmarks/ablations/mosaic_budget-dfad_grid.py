# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DFAD's
# shipped mosaic point (one generator update per iteration) at its budget
# (900 iterations, out-dir mosaic_budget-dfad-900) and at twice it
# (`--max-iters 1800`, out-dir mosaic_budget-dfad-1800), dev seed 1, one
# thread each, the two run side by side: the same question as
# mosaic_budget asks of DDAD, so that both methods get the same points.
grids = {
    'dfad': [
        {'model.schedule': dict(student_steps=5)},
    ],
}
