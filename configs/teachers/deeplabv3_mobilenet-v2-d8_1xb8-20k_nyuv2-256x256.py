# DeepLabV3-MobileNetV2 on NYUv2, randomly initialised: the student of the
# data-free distillations and, trained with this config on the real frames
# (same data, schedule and crops as the teacher
# deeplabv3_r50-d8_1xb8-20k_nyuv2-256x256.py), their supervised reference.
# Run:
#   python tools/train.py configs/teachers/deeplabv3_mobilenet-v2-d8_1xb8-20k_nyuv2-256x256.py
_base_ = [
    '../_base_/models/deeplabv3_mobilenet-v2-d8.py',
    '../_base_/datasets/nyuv2.py',
    'mmseg::_base_/default_runtime.py',
    'mmseg::_base_/schedules/schedule_20k.py',
]

data_preprocessor = dict(size=_base_.crop_size)
model = dict(
    data_preprocessor=data_preprocessor,
    decode_head=dict(num_classes=_base_.num_classes),
    auxiliary_head=dict(num_classes=_base_.num_classes))
