# Pipelines of the DFAD/DDAD segmentation protocol (CamVid, NYUv2): frames
# are seen with their shorter side at 256. Teachers train on random 256x256
# crops of frames rescaled around that size; evaluation runs the network on
# the whole frame at 256. As usual in mmseg, mIoU is computed at the
# annotation's own resolution, on logits resized back to it.
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

crop_size = (256, 256)
# (long, short) bounds of a keep-ratio resize: the shorter side goes to
# 256, the longer one (341 on 3:4 frames) stays far below 1024.
scale = (1024, 256)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResize', scale=scale, ratio_range=(0.5, 2.0),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=scale, keep_ratio=True),
    # After the resize: the labels keep their resolution.
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]

val_evaluator = dict(type='IoUMetric', iou_metrics=['mIoU'])
test_evaluator = val_evaluator
