# Student architecture of the Tiny-ImageNet distillations, trained here on
# the real train split as the supervised reference, with the teacher's
# recipe.
#   python tools/train.py configs/teachers/resnet18_1xb128_tiny-imagenet.py
_base_ = ['./resnet34_1xb128_tiny-imagenet.py']

model = dict(backbone=dict(depth=18))
