# CamVid, the 11-class SegNet release (360x480 frames, void ignored), at
# the protocol's scale (seg_256.py); the folder layout is described in
# mmdfkd.CamVidDataset.
_base_ = ['./seg_256.py']

dataset_type = 'mmdfkd.CamVidDataset'
data_root = 'data/camvid'
num_classes = 11

train_dataloader = dict(
    batch_size=8,
    num_workers=4,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        pipeline=_base_.train_pipeline))
# Model selection (save_best) on the val split; report the test split.
val_dataloader = dict(
    batch_size=1,
    num_workers=4,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='val',
        pipeline=_base_.test_pipeline))
test_dataloader = dict(
    val_dataloader, dataset=dict(val_dataloader['dataset'], split='test'))
