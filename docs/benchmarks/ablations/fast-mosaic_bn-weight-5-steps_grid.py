# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: Fast on
# the digit mosaic, dev split, seed 0, 2 threads. The fourth point of the
# task's Fast grid (BN weight 0.1 or 1 x 2 or 5 inner steps) once 5 steps
# shipped: BN weight 1 with 5 steps. The shipped point is that of
# fast-mosaic_inner-steps (its cell, under the settings it ran with).
grids = {
    'fast': [
        {'model.schedule.student_steps': 10,
         'model.schedule.synthesis_steps': 5},
        {'model.generator_losses.loss_bn.weight': 1.0,
         'model.schedule.synthesis_steps': 5},
    ],
}
