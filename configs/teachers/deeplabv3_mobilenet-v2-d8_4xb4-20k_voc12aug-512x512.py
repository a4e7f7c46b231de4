# DeepLabV3-MobileNetV2 on Pascal VOC 2012 (21 classes with background),
# randomly initialised: the student of the data-free distillation from
# mmseg's released DeepLabV3-ResNet-50 and, trained with this config on the
# real images (mmseg's recipe of that teacher: the SBD-augmented training
# set, 512x512 crops, 4 GPUs x 4 images, 20k iterations), its supervised
# reference. Run:
#   bash tools/dist_train.sh configs/teachers/deeplabv3_mobilenet-v2-d8_4xb4-20k_voc12aug-512x512.py 4
_base_ = [
    '../_base_/models/deeplabv3_mobilenet-v2-d8.py',
    'mmseg::_base_/datasets/pascal_voc12_aug.py',
    'mmseg::_base_/default_runtime.py',
    'mmseg::_base_/schedules/schedule_20k.py',
]

num_classes = 21
data_preprocessor = dict(size=_base_.crop_size)
model = dict(
    data_preprocessor=data_preprocessor,
    decode_head=dict(num_classes=num_classes),
    auxiliary_head=dict(num_classes=num_classes))
