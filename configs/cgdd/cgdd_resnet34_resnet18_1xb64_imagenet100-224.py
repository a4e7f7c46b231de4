# CGDD, ImageNet-100 (the CMC classes) at 224x224, ResNet-34 -> ResNet-18:
# the ImageNet-10 config with the ImageNet-100 teacher, student, classes
# and validation split (as in ../_base_/datasets/imagenet100_224.py).
#   python tools/train.py configs/teachers/resnet34_1xb128_imagenet100.py
_base_ = ['./cgdd_resnet34_resnet18_1xb64_imagenet10-224.py']

num_classes = 100

model = dict(
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb128_imagenet100.py',
    teacher_ckpt='work_dirs/resnet34_1xb128_imagenet100/epoch_100.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb128_imagenet100.py',
    generator=dict(num_classes=num_classes))

# Batch 64 is below 100 classes: a batch holds 64 distinct classes, two
# consecutive batches hold all of them.
train_dataloader = dict(dataset=dict(num_classes=num_classes))

class_list = \
    '{{ fileDirname }}/../_base_/datasets/imagenet_subsets/imagenet100.txt'
data_preprocessor = dict(num_classes=num_classes)
val_dataloader = dict(dataset=dict(class_list=class_list))
test_dataloader = val_dataloader
val_evaluator = dict(topk=(1, 5))
test_evaluator = val_evaluator
