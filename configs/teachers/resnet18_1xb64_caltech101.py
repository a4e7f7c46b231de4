# Student architecture of the Caltech101 distillations, trained here on the
# real train split as the supervised reference, with the teacher's recipe.
#   python tools/train.py configs/teachers/resnet18_1xb64_caltech101.py
_base_ = ['./resnet34_1xb64_caltech101.py']

model = dict(backbone=dict(depth=18))
