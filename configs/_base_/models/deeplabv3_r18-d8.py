# DeepLabV3 on a ResNet-18 (V1c) backbone at output stride 8, mmseg's
# deeplabv3_r18-d8 network: the second student of the segmentation
# distillations, 19 classes until a config sets its own.
_base_ = 'mmseg::_base_/models/deeplabv3_r50-d8.py'

model = dict(
    # Random initialisation, as the MobileNetV2 student: no ImageNet images
    # in the data-free setting.
    pretrained=None,
    backbone=dict(depth=18),
    decode_head=dict(in_channels=512, channels=128),
    auxiliary_head=dict(in_channels=256, channels=64))
