# Teacher of the data-free distillations on CamVid: DeepLabV3 with a
# dilated ResNet-50 (ImageNet-pretrained V1c backbone, mmseg's default),
# 11 classes, trained on random 256x256 crops at the protocol's scale,
# batch 8 on one GPU, mmseg's 20k-iteration poly schedule (about 440
# epochs of the 367 training frames). Run:
#   python tools/train.py configs/teachers/deeplabv3_r50-d8_1xb8-20k_camvid-256x256.py
_base_ = [
    'mmseg::_base_/models/deeplabv3_r50-d8.py',
    '../_base_/datasets/camvid.py',
    'mmseg::_base_/default_runtime.py',
    'mmseg::_base_/schedules/schedule_20k.py',
]

data_preprocessor = dict(size=_base_.crop_size)
model = dict(
    data_preprocessor=data_preprocessor,
    decode_head=dict(num_classes=_base_.num_classes),
    auxiliary_head=dict(num_classes=_base_.num_classes))
