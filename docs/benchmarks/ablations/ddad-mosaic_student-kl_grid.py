# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DDAD on
# the digit mosaic, its student's discrepancy. Point 0 is the shipped
# config (L1 between the logit maps, DFAD's; its cell is that of
# mosaic_generator-steps); point 1 replaces L1 with the per-pixel KL
# divergence at temperature 1, at the shipped student learning rate. The
# generator's objective is unchanged.
schedule = dict(student_steps=5, generator_steps=4)
grids = {
    'ddad': [
        {'model.schedule': schedule},
        {'model.schedule': schedule,
         'model.student_losses': dict(loss_kd=dict(type='KLDivergence',
                                                   tau=1.0))},
    ],
}
