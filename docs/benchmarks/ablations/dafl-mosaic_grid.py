# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DAFL on
# the digit mosaic, over its tuning grid's knobs (configs/_base_/
# tuning_grids.py: one-hot weight 0.05 or 0.5 x information-entropy
# weight 5 or 20), so that a method that fails on the mosaic's test seeds
# is not left untuned there. Point 0 is the shipped config (DAFL's
# CIFAR-10 weights, 0.05 and 5).
onehot = 'model.generator_losses.loss_onehot.weight'
entropy = 'model.generator_losses.loss_ie.weight'
grids = {
    'dafl': [
        {onehot: 0.05, entropy: 5.0},
        {onehot: 0.5, entropy: 5.0},
        {onehot: 0.05, entropy: 20.0},
        {onehot: 0.5, entropy: 20.0},
    ],
}
