# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: seed 2
# of DDAD's two points of mosaic_generator-steps (1 or 4 generator updates
# per iteration), the third seed on the dev split, 2 threads. The points are
# listed in the other order than in mosaic_generator-steps(-seed1): here
# point 0 is 4 updates and point 1 the shipped 1, so that the point the
# decision hangs on runs first.
grids = {
    'ddad': [
        {'model.schedule': dict(student_steps=5, generator_steps=4)},
        {'model.schedule': dict(student_steps=5)},
    ],
}
