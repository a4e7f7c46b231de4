# ImageNet-10 (the Imagenette classes, imagenet_subsets/imagenet10.txt) at
# 224x224, read from a standard ImageNet-1k folder (data_root): train/ by
# class folder, val/ by class folder or flat with meta/val.txt. The
# pipelines are mmpretrain's ImageNet ones.
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

dataset_type = 'mmdfkd.ImageNetSubset'
data_root = 'data/imagenet'
class_list = '{{ fileDirname }}/imagenet_subsets/imagenet10.txt'
data_preprocessor = dict(
    num_classes=10,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=224),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=256, edge='short'),
    dict(type='CenterCrop', crop_size=224),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=128,
    num_workers=8,
    dataset=dict(
        type=dataset_type,
        class_list=class_list,
        data_root=data_root,
        split='train',
        pipeline=train_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True),
)
val_dataloader = dict(
    batch_size=128,
    num_workers=8,
    dataset=dict(
        type=dataset_type,
        class_list=class_list,
        data_root=data_root,
        split='val',
        pipeline=test_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
# Top-5 says little with 10 classes.
val_evaluator = dict(type='mmpretrain.Accuracy', topk=(1, ))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
