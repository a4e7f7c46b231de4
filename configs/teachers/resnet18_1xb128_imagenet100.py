# Student architecture of the ImageNet-100 distillations, trained here on
# the real train split as the supervised reference, with the teacher's
# recipe.
#   python tools/train.py configs/teachers/resnet18_1xb128_imagenet100.py
_base_ = ['./resnet34_1xb128_imagenet100.py']

model = dict(backbone=dict(depth=18))
