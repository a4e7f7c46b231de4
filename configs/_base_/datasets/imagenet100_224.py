# ImageNet-100 (the CMC classes, imagenet_subsets/imagenet100.txt) at
# 224x224: the ImageNet-10 settings with the 100-class list.
_base_ = ['./imagenet10_224.py']

class_list = '{{ fileDirname }}/imagenet_subsets/imagenet100.txt'
data_preprocessor = dict(num_classes=100)
train_dataloader = dict(dataset=dict(class_list=class_list))
val_dataloader = dict(dataset=dict(class_list=class_list))
test_dataloader = val_dataloader
val_evaluator = dict(topk=(1, 5))
test_evaluator = val_evaluator
