# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: Fast-1
# on the digit mosaic, dev split, seed 0, 2 threads: the BN weight (the
# mosaic's 0.1 and the digits' 1) x the inner steps per round (Fast-1 and
# Fast-2), four points as every method's tuning grid has. DDAD's shipped
# mosaic point scores 79.26 / 79.32 / 80.16% dev mIoU on seeds 0 / 1 / 2
# (mosaic_generator-steps), DFAD's 78.59 on seed 0.
grids = {
    'fast-1': {
        'model.generator_losses.loss_bn.weight': [0.1, 1.0],
        'model.schedule.synthesis_steps': [1, 2],
    },
}
