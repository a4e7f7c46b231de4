# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: Fast-5
# on the digit mosaic, dev split, 2 threads. The meta generator's Adam
# learning rate: the shipped 3e-3 (point 0; its cells are those of
# fast-mosaic_inner-steps, the same resolved config) or Fast-Datafree's
# rule, the inner learning rate times the inner steps, 3e-3 x 5 = 1.5e-2.
grids = {
    'fast': [
        {'model.schedule.student_steps': 10,
         'model.schedule.synthesis_steps': 5},
        {'model.schedule.student_steps': 10,
         'model.schedule.synthesis_steps': 5,
         'optim_wrapper.generator.optimizer.lr': 1.5e-2},
    ],
}
