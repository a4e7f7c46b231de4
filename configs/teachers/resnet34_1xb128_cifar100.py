# Teacher for the data-free distillations on CIFAR-100: ResNet-34 trained
# on the real train split with mmpretrain's CIFAR-100 recipe (200 epochs,
# SGD, weight decay 5e-4, LR x0.2 at epochs 60/120/160), batch 128 on one
# GPU. mmpretrain downloads CIFAR-100 into data_root when it is missing.
# Run:
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar100.py
_base_ = [
    'mmpretrain::_base_/models/resnet34_cifar.py',
    'mmpretrain::_base_/datasets/cifar100_bs16.py',
    'mmpretrain::_base_/schedules/cifar10_bs128.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(head=dict(num_classes=100))

data_root = 'data/cifar100'
train_dataloader = dict(batch_size=128, dataset=dict(data_root=data_root))
val_dataloader = dict(batch_size=128, dataset=dict(data_root=data_root))
test_dataloader = val_dataloader

optim_wrapper = dict(optimizer=dict(weight_decay=5e-4))
param_scheduler = dict(
    type='MultiStepLR', by_epoch=True, milestones=[60, 120, 160], gamma=0.2)

# Every 10th epoch, including the last one (epoch_200.pth), and the best.
default_hooks = dict(
    checkpoint=dict(
        type='CheckpointHook',
        interval=10,
        max_keep_ckpts=3,
        save_best='auto'))
randomness = dict(seed=0)
