# Ablation grid of `tools/benchmark.py --tune --grids`: CGDD-L1 on digits
# with its BN term faded out from iteration 150 (end factor 0, shipped) or
# kept at its weight (end factor 1: the schedule does nothing).
grids = {
    'cgdd-l1': {
        'custom_hooks.2.end_factor': [0.0, 1.0],
    },
}
