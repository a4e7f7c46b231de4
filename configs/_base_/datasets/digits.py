# The 8x8 digits shipped with scikit-learn, upsampled to 32x32 RGB: a real
# dataset that needs no download. 1257 train / 540 held-out test images.
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

dataset_type = 'mmdfkd.DigitsDataset'
data_preprocessor = dict(
    num_classes=10,
    # Per-channel mean and std (population) of the train split at 32x32 in
    # [0, 255], computed once over all its pixels; the three channels are
    # copies of the grey level, hence equal.
    mean=[77.909, 77.909, 77.909],
    std=[82.553, 82.553, 82.553],
    # The images are grey levels copied to three channels.
    to_rgb=False)

# Small shifts only: flips would turn digits into other shapes.
train_pipeline = [
    dict(type='RandomCrop', crop_size=32, padding=4),
    dict(type='PackInputs'),
]
test_pipeline = [dict(type='PackInputs')]

train_dataloader = dict(
    batch_size=64,
    # The images are in memory and cheap to transform, so worker processes
    # would only compete with the model for the CPU.
    num_workers=0,
    dataset=dict(type=dataset_type, split='train', pipeline=train_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True),
)
val_dataloader = dict(
    batch_size=256,
    num_workers=0,
    dataset=dict(type=dataset_type, split='test', pipeline=test_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
val_evaluator = dict(type='mmpretrain.Accuracy', topk=(1, ))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
