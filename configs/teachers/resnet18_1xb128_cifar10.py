# Student architecture of the CIFAR-10 distillations, trained here on the
# real train split as the supervised reference, with mmpretrain's recipe
# (200 epochs, SGD, step LR), batch 128 on one GPU. mmpretrain downloads
# CIFAR-10 into data_root when it is missing. Run:
#   python tools/train.py configs/teachers/resnet18_1xb128_cifar10.py
_base_ = ['mmpretrain::resnet/resnet18_8xb16_cifar10.py']

data_root = 'data/cifar10'
train_dataloader = dict(batch_size=128, dataset=dict(data_root=data_root))
val_dataloader = dict(batch_size=128, dataset=dict(data_root=data_root))
test_dataloader = val_dataloader

# Every 10th epoch, including the last one (epoch_200.pth), and the best.
default_hooks = dict(
    checkpoint=dict(
        type='CheckpointHook',
        interval=10,
        max_keep_ckpts=3,
        save_best='auto'))
randomness = dict(seed=0)
