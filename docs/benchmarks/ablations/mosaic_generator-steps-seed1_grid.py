# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: seed 1
# of DDAD's two points of mosaic_generator-steps (1 or 4 generator updates
# per iteration), a second paired seed on the dev split, 2 threads.
grids = {
    'ddad': [
        {'model.schedule': dict(student_steps=5)},
        {'model.schedule': dict(student_steps=5, generator_steps=4)},
    ],
}
