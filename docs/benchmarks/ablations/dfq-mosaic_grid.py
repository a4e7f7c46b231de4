# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DFQ on
# the digit mosaic, over its tuning grid's knobs (configs/_base_/
# tuning_grids.py: BN weight 0.1 or 1 x class-balance weight 2 or 20), so
# that a method that fails on the mosaic's test seeds is not left
# untuned there. Point 0 is the shipped config (DFQ's 1 and 20); the BN
# weight 0.1 is DDAD's on this task.
bn = 'model.generator_losses.loss_bn.weight'
balance = 'model.generator_losses.loss_balance.weight'
grids = {
    'dfq': [
        {bn: 1.0, balance: 20.0},
        {bn: 0.1, balance: 20.0},
        {bn: 1.0, balance: 2.0},
        {bn: 0.1, balance: 2.0},
    ],
}
