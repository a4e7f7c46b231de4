# Teacher for the data-free distillations on ImageNet-10 (the Imagenette
# classes of ImageNet-1k, 224x224): mmpretrain's ImageNet ResNet-34 recipe
# (SGD, 100 epochs, LR x0.1 at epochs 30/60/90) with 10 classes, batch 128
# on one GPU (lr 0.05, linearly scaled from 0.1 at batch 256).
#   python tools/train.py configs/teachers/resnet34_1xb128_imagenet10.py
_base_ = [
    'mmpretrain::_base_/models/resnet34.py',
    '../_base_/datasets/imagenet10_224.py',
    'mmpretrain::_base_/schedules/imagenet_bs256.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(head=dict(num_classes=10, topk=(1, )))
optim_wrapper = dict(optimizer=dict(lr=0.05))

default_hooks = dict(
    checkpoint=dict(
        type='CheckpointHook',
        interval=10,
        max_keep_ckpts=3,
        save_best='auto'))
randomness = dict(seed=0)
