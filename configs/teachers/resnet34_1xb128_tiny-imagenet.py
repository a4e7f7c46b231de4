# Teacher for the data-free distillations on Tiny-ImageNet (64x64): a
# ResNet-34 with the CIFAR stem (3x3 convolution, no max pooling), which
# keeps an 8x8 map in the last stage where the ImageNet stem would leave
# 2x2, trained on the 200 classes with the CIFAR recipe (200 epochs, SGD,
# weight decay 5e-4, LR x0.1 at epochs 100 and 150), batch 128 on one GPU.
#   python tools/train.py configs/teachers/resnet34_1xb128_tiny-imagenet.py
_base_ = [
    'mmpretrain::_base_/models/resnet34_cifar.py',
    '../_base_/datasets/tiny_imagenet_64.py',
    'mmpretrain::_base_/schedules/cifar10_bs128.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(head=dict(num_classes=200, topk=(1, 5)))
optim_wrapper = dict(optimizer=dict(weight_decay=5e-4))

# Every 10th epoch, including the last one (epoch_200.pth), and the best.
default_hooks = dict(
    checkpoint=dict(
        type='CheckpointHook',
        interval=10,
        max_keep_ckpts=3,
        save_best='auto'))
randomness = dict(seed=0)
