# Teacher for the embedded digits dataset.
# Train: python tools/train.py configs/teachers/resnet34-w16_1xb64_digits.py
_base_ = [
    '../_base_/models/resnet34-w16_digits.py',
    '../_base_/datasets/digits.py',
    'mmpretrain::_base_/default_runtime.py',
]

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4))
max_epochs = 15
param_scheduler = [
    # A short warmup keeps the first large steps from upsetting BatchNorm.
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', by_epoch=True, begin=1, end=max_epochs,
         T_max=max_epochs - 1, convert_to_iter_based=True),
]
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=1)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=64)

default_hooks = dict(
    logger=dict(type='LoggerHook', interval=10),
    checkpoint=dict(
        type='CheckpointHook',
        interval=max_epochs,
        max_keep_ckpts=1,
        save_last=True,
        save_best='auto'),
)
randomness = dict(seed=0, deterministic=False)
