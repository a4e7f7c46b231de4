# NYUv2 with the 13-class labels (795 train / 654 test frames of 480x640,
# label 0 "unknown" ignored), at the protocol's scale (seg_256.py); the
# folder layout is described in mmdfkd.NYUv2Dataset.
_base_ = ['./seg_256.py']

dataset_type = 'mmdfkd.NYUv2Dataset'
data_root = 'data/nyuv2'
num_classes = 13

train_dataloader = dict(
    batch_size=8,
    num_workers=4,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        pipeline=_base_.train_pipeline))
# NYUv2 has no validation split: validation runs on the test split, where
# the published results are measured.
val_dataloader = dict(
    batch_size=1,
    num_workers=4,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='test',
        pipeline=_base_.test_pipeline))
test_dataloader = val_dataloader
