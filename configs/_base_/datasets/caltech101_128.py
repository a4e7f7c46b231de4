# Caltech101 at 128x128: the 101 object classes (BACKGROUND_Google
# excluded), 80/20 per class with split seed 0, from the official
# 101_ObjectCategories folder extracted into data_root. Freeze the split
# once with `python tools/dataset_converters/caltech101_split.py
# data/caltech101` (optional: the dataset derives the same one otherwise).
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

dataset_type = 'mmdfkd.Caltech101'
data_root = 'data/caltech101'
data_preprocessor = dict(
    num_classes=101,
    # ImageNet statistics, RGB.
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=128),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
# The ImageNet test protocol scaled to 128: short edge to 128 / 0.875.
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=146, edge='short'),
    dict(type='CenterCrop', crop_size=128),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=64,
    num_workers=4,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        pipeline=train_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True),
)
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='test',
        pipeline=test_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
val_evaluator = dict(type='mmpretrain.Accuracy', topk=(1, 5))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
