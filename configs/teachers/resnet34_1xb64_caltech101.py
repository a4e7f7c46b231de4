# Teacher for the data-free distillations on Caltech101: a torchvision-style
# (ImageNet) ResNet-34 trained from scratch on the 101 classes at 128x128,
# batch 64 on one GPU: SGD lr 0.05, weight decay 5e-4, 200 epochs, cosine
# decay after a 5-epoch warmup. Run:
#   python tools/train.py configs/teachers/resnet34_1xb64_caltech101.py
_base_ = [
    'mmpretrain::_base_/models/resnet34.py',
    '../_base_/datasets/caltech101_128.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(head=dict(num_classes=101))

max_epochs = 200
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=5e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=True, begin=0, end=5,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', by_epoch=True, begin=5, end=max_epochs,
         T_max=max_epochs - 5, convert_to_iter_based=True),
]
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=5)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=64)

# Every 10th epoch, including the last one (epoch_200.pth), and the best.
default_hooks = dict(
    checkpoint=dict(
        type='CheckpointHook',
        interval=10,
        max_keep_ckpts=3,
        save_best='auto'))
randomness = dict(seed=0)
