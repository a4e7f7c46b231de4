# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DDAD on
# the digit mosaic, its student trained on fresh canvases only (point 0,
# the shipped config; its cells are those of mosaic_generator-steps,
# -seed1 and -seed2) or on half fresh, half replayed canvases from a
# memory of the latest 1600 (point 1; Fast's mosaic memory size, the
# default replay ratio 0.5). The student keeps its 4500 updates of 32.
grids = {
    'ddad': [
        {'model.schedule': dict(student_steps=5, generator_steps=4)},
        {'model.schedule': dict(student_steps=5, generator_steps=4,
                                memory_size=1600, replay_ratio=0.5)},
    ],
}
