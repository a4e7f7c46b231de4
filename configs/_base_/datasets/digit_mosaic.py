# Digit mosaics: 64x64 canvases with 1-4 handwritten digits of scikit-learn
# pasted on a textured background, labelled per pixel (background + 10
# digits). 2000 train canvases; the 500 test canvases use only held-out
# digits. Embedded: no download.
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

dataset_type = 'mmdfkd.DigitMosaicDataset'
# The canvases are in memory: no loading transforms. No flips either: a
# mirrored digit is another shape.
train_pipeline = [dict(type='PackSegInputs')]
test_pipeline = [dict(type='PackSegInputs')]

train_dataloader = dict(
    batch_size=32,
    # In-memory data: worker processes would only compete for the CPU.
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type=dataset_type, split='train', pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=100,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, split='test', pipeline=test_pipeline))
test_dataloader = val_dataloader

val_evaluator = dict(type='IoUMetric', iou_metrics=['mIoU'])
test_evaluator = val_evaluator
