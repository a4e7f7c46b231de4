# Teacher for the data-free distillations on ImageNet-100 (the CMC classes
# of ImageNet-1k, 224x224): the ImageNet-10 recipe with 100 classes.
#   python tools/train.py configs/teachers/resnet34_1xb128_imagenet100.py
_base_ = [
    'mmpretrain::_base_/models/resnet34.py',
    '../_base_/datasets/imagenet100_224.py',
    'mmpretrain::_base_/schedules/imagenet_bs256.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(head=dict(num_classes=100))
optim_wrapper = dict(optimizer=dict(lr=0.05))

default_hooks = dict(
    checkpoint=dict(
        type='CheckpointHook',
        interval=10,
        max_keep_ckpts=3,
        save_best='auto'))
randomness = dict(seed=0)
