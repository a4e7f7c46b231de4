# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: ZSKT on
# the digit mosaic, over its tuning grid's knobs (configs/_base_/
# tuning_grids.py: attention-transfer weight 25 or 250 x student lr 5e-4
# or 2e-3), so that a method that fails on every test seed of the mosaic
# is not left untuned there. Point 0 is the shipped config (ZSKT's 250
# and 2e-3).
attention = 'model.student_losses.loss_at.weight'
student_lr = 'optim_wrapper.student.optimizer.lr'
grids = {
    'zskt': [
        {attention: 250.0, student_lr: 2e-3},
        {attention: 25.0, student_lr: 2e-3},
        {attention: 250.0, student_lr: 5e-4},
        {attention: 25.0, student_lr: 5e-4},
    ],
}
