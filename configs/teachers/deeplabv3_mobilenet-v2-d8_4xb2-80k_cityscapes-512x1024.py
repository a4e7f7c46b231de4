# DeepLabV3-MobileNetV2 on Cityscapes (19 classes), randomly initialised:
# the student of the data-free distillation from mmseg's released
# DeepLabV3-ResNet-50 and, trained with this config on the real images
# (mmseg's recipe of that teacher: 512x1024 crops, 4 GPUs x 2 images, 80k
# iterations), its supervised reference. Run:
#   bash tools/dist_train.sh configs/teachers/deeplabv3_mobilenet-v2-d8_4xb2-80k_cityscapes-512x1024.py 4
_base_ = [
    '../_base_/models/deeplabv3_mobilenet-v2-d8.py',
    'mmseg::_base_/datasets/cityscapes.py',
    'mmseg::_base_/default_runtime.py',
    'mmseg::_base_/schedules/schedule_80k.py',
]

data_preprocessor = dict(size=_base_.crop_size)
model = dict(data_preprocessor=data_preprocessor)
